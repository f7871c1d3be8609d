#!/usr/bin/perl
# Turns PostgreSQL's statement log (log_statement = 'all', log_line_prefix = '%m [%p] ') into the
# body of a pgbench script: the statements logged between two marker statements, one per line,
# each with its logged parameters written in as SQL literals. bench/run.sh uses it to replay, with
# pgbench, exactly what ruoyi-server sent for one request ("own statements").
#
#   perl own_statements.pl START_MARKER END_MARKER [ID] < postgres.log > statements.sql
#
# - Only the lines between the log line of `SELECT 'START_MARKER'` and that of `SELECT 'END_MARKER'`
#   (both sent by bench/run.sh with psql) are read: the request ran between them.
# - Statements of the server's background work (the scheduler's polling of sys_job*, the operation
#   and login log writers) are dropped, as are the markers.
# - A parameter whose value is exactly ID becomes the pgbench variable :id (the caller sets it).
# - Literals holding a ':' are written as U&'…' with \003A, or pgbench would read ':name' as one of
#   its variables.
use strict;
use warnings;

my ($start, $end, $id) = @ARGV;
undef $id if defined $id && $id eq '';
die "usage: $0 START_MARKER END_MARKER [ID] < log\n" unless defined $end;

my $message_re = qr/^\S+ \S+ \S+ \[(\d+)\] ([A-Z]+):  (.*)$/;   # '%m [%p] ' prefix
my $background_re = qr/\bsys_(?:job\w*|oper_log|logininfor)\b/i;

my $inside = 0;
my @statements;   # [pid, sql, \@params]
my %last_of_pid;  # pid → index in @statements of its latest statement
my $current;      # the message continuation lines (leading tab) belong to: [kind, ref]

while (my $line = <STDIN>) {
  chomp $line;
  if ($line =~ /^\t(.*)$/) {  # a multi-line message goes on, each line after a tab
    if ($inside && $current && $current->[0] eq 'sql') { $current->[1][1] .= ' ' . $1; }
    next;
  }
  $current = undef;
  my ($pid, $level, $text) = $line =~ $message_re or next;
  if ($text =~ /^statement: SELECT '\Q$start\E'/) { $inside = 1; next; }
  next unless $inside;
  last if $text =~ /^statement: SELECT '\Q$end\E'/;
  if ($level eq 'LOG' && $text =~ /^(?:execute [^:]*|statement): (.*)$/) {
    push @statements, [$pid, $1, []];
    $last_of_pid{$pid} = $#statements;
    $current = ['sql', $statements[-1]];
  } elsif ($level eq 'DETAIL' && $text =~ /^parameters: (.*)$/ && exists $last_of_pid{$pid}) {
    my $params = $statements[$last_of_pid{$pid}][2];
    my $list = $1;
    while ($list =~ /\$(\d+) = (NULL|'(?:[^']|'')*')(?:, |$)/g) { $params->[$1] = $2; }
  }
}

for my $s (@statements) {
  my ($pid, $sql, $params) = @$s;
  next if $sql =~ $background_re;
  $sql =~ s/\$(\d+)\b/literal($params->[$1], $1)/ge;
  $sql =~ s/\s+$//;
  $sql =~ s/;$//;
  print "$sql;\n";
}

sub literal {
  my ($value, $n) = @_;
  die "no logged value for parameter \$$n\n" unless defined $value;
  return $value if $value eq 'NULL';
  return ':id' if defined $id && $value eq "'$id'";
  return $value unless $value =~ /:/;
  (my $body = substr($value, 1, -1)) =~ s/\\/\\\\/g;
  $body =~ s/:/\\003A/g;
  return "U&'$body'";
}
