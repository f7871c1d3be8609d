# ruoyi-cpp: `make run` and `make test` do all the set-up (packages, configure, build).
BUILD_DIR      ?= build
ASAN_BUILD_DIR ?= build-asan
CMAKE_FLAGS    ?=
JOBS           ?= $(shell nproc)
FUZZ_SECONDS   ?= 60

.PHONY: all deps configure build run test test-unit test-sanitize test-fuzz fuzz bench clean format

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Starts the server on the embedded default (SQLite under ./data, in-process cache, port 9099).
# Every RUOYI_* environment variable is honoured (see README).
run: build
	@./$(BUILD_DIR)/ruoyi-server --config config/ruoyi.toml

# Every test: the Release suites, then the async core and the drivers under ASan + UBSan.
test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-sanitize
	@$(MAKE) --no-print-directory test-fuzz

test-unit: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-sanitize: deps
	@cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRUOYI_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD_DIR) -j $(JOBS) --target sanitize_tests
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j $(JOBS) -R '^(core|cache|db|api_[0-9]+|files)$$'

# libFuzzer targets (fuzz/README.md): clang + ASan + UBSan in build-fuzz, FUZZ_SECONDS per target.
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh

# The short run inside `make test`: 10 s per target on the committed seeds.
test-fuzz: deps
	@FUZZ_SECONDS=10 ./scripts/fuzz.sh

# Load scenarios (wrk) on SQLite and PostgreSQL + Redis, and the micro benchmarks: bench/run.sh,
# explained in docs/performance.md. Builds its own Release tree (build-bench); never part of `make test`.
bench: deps
	@./bench/run.sh

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) build-fuzz

format:
	@find src tests bench fuzz -name '*.[ch]pp' | xargs clang-format -i
