// sys_job and sys_job_log as they appear on the wire (API.md §3.6, §5), and the bodies that write them.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::monitor::job {

struct Job {
  std::int64_t jobId = 0;
  std::optional<std::string> jobName;
  std::optional<std::string> jobGroup;
  std::optional<std::string> jobExecutor;
  std::string invokeTarget;
  std::optional<std::string> jobArgs;
  std::optional<std::string> jobKwargs;
  std::optional<std::string> cronExpression;
  std::optional<std::string> misfirePolicy;
  std::optional<std::string> concurrent;
  std::optional<std::string> status;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(Job, (),
                      (jobId, jobName, jobGroup, jobExecutor, invokeTarget, jobArgs, jobKwargs, cronExpression,
                       misfirePolicy, concurrent, status, createBy, createTime, updateBy, updateTime, remark))

// POST / PUT body; nullopt = not given (add: the column default; edit: unchanged).
struct JobBody {
  std::optional<std::int64_t> jobId;
  std::optional<std::string> jobName;
  std::optional<std::string> jobGroup;
  std::optional<std::string> jobExecutor;
  std::optional<std::string> invokeTarget;
  std::optional<std::string> jobArgs;
  std::optional<std::string> jobKwargs;
  std::optional<std::string> cronExpression;
  std::optional<std::string> misfirePolicy;
  std::optional<std::string> concurrent;
  std::optional<std::string> status;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(JobBody, (),
                      (jobId, jobName, jobGroup, jobExecutor, invokeTarget, jobArgs, jobKwargs, cronExpression,
                       misfirePolicy, concurrent, status, remark))

// PUT /monitor/job/changeStatus and /run bodies.
struct JobStatusBody {
  std::optional<std::int64_t> jobId;
  std::optional<std::string> status;
};
BOOST_DESCRIBE_STRUCT(JobStatusBody, (), (jobId, status))

// startTime / endTime keep milliseconds: "YYYY-MM-DDTHH:MM:SS.mmm" (API.md §3.6).
struct JobLog {
  std::int64_t jobLogId = 0;
  std::string jobName;
  std::string jobGroup;
  std::string jobExecutor;
  std::string invokeTarget;
  std::optional<std::string> jobArgs;
  std::optional<std::string> jobKwargs;
  std::optional<std::string> jobTrigger;
  std::optional<std::string> jobMessage;
  std::optional<std::string> status;
  std::optional<std::string> exceptionInfo;
  std::optional<std::string> startTime;
  std::optional<std::string> endTime;
  std::optional<core::DateTime> createTime;
};
BOOST_DESCRIBE_STRUCT(JobLog, (),
                      (jobLogId, jobName, jobGroup, jobExecutor, invokeTarget, jobArgs, jobKwargs, jobTrigger,
                       jobMessage, status, exceptionInfo, startTime, endTime, createTime))

// The log is never written through the API: its Body only names the id.
struct JobLogBody {
  std::optional<std::int64_t> jobLogId;
  std::optional<std::string> jobName;
};
BOOST_DESCRIBE_STRUCT(JobLogBody, (), (jobLogId, jobName))

}  // namespace ruoyi::monitor::job
