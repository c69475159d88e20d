# Switchboard: one entry point over CMake. Every target first installs missing Debian packages.
BUILD_DIR  ?= build
PRESET     ?= default
JOBS       ?= $(shell nproc)
CTEST_ARGS ?=
SOAK_MINUTES ?= 2

.PHONY: all deps configure build test test-unit test-e2e demo bench soak clean test-asan fuzz package test-package

all: build

deps:
	@scripts/ensure-deps.sh

# Configure once; later builds let CMake re-run itself when a CMakeLists.txt changes.
$(BUILD_DIR)/build.ninja:
	cmake --preset $(PRESET)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

test-e2e: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L e2e

demo: build
	scripts/demo.sh $(BUILD_DIR)/bin

bench: build
	scripts/bench.sh $(BUILD_DIR)/bin

# The chaos soak (docs/reliability.md): 50 clients behind fault proxies, the server SIGKILLed every
# 10-20 s; prints the summary and fails on any lost, repeated or reordered message.
# make soak SOAK_MINUTES=10 for the long one; SOAK_ARGS for more (e.g. --seed N, --clients N).
SOAK_ARGS ?=
soak: build
	$(BUILD_DIR)/bin/switchboard-soak --minutes $(SOAK_MINUTES) $(SOAK_ARGS)

# Packages: $(BUILD_DIR)/switchboard_<version>_<arch>.deb and switchboard-<version>-Linux.tar.gz.
package: build
	cd $(BUILD_DIR) && cpack

# Installs the .deb (root), runs the installed programs, validates the metadata, purges it.
test-package: package
	installer/test-package.sh --build-dir $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)

# ---- Sanitizers and fuzzing (not part of `make test`; see tests/fuzz/README.md) -----------------
# make test-asan: the unit and e2e suites built with ASan + UBSan (preset asan, build-asan/).
# Any sanitizer report aborts the process, so the suite fails. Leak suppressions in
# tests/asan/lsan.supp are for third-party frames (Qt, fontconfig, ...) only. Debian's Qt has no
# frame pointers, so leak stacks through Qt need the slow unwinder (fast_unwind_on_malloc=0).
ASAN_DIR   ?= build-asan
ASAN_JOBS  ?= 2
ASAN_BASE_OPTIONS = detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
SANITIZER_ENV = QT_QPA_PLATFORM=offscreen \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/asan/lsan.supp:print_suppressions=0

$(ASAN_DIR)/build.ninja:
	cmake --preset asan

# Two passes. unit: the fast unwinder (the suites allocate a lot; the slow one made
# tst_messagelistmodel 28x slower and time out). e2e: the slow unwinder, so leak stacks through
# QtWebSockets are complete and the Qt suppressions can match them. Both run; either failing fails.
test-asan: deps $(ASAN_DIR)/build.ninja
	@# Build only what the suites need: test names are their target names. Configure again
	@# first, or suites added since the last configure are missing from the list (Not Run).
	cmake $(ASAN_DIR) > /dev/null
	cmake --build $(ASAN_DIR) -j $(ASAN_JOBS) --target switchboard-server \
	    $$(cd $(ASAN_DIR) && ctest -N -L 'unit|e2e' | awk '/Test +#/ {print $$3}')
	@cd $(ASAN_DIR) && status=0; \
	$(SANITIZER_ENV) ASAN_OPTIONS=$(ASAN_BASE_OPTIONS) \
	    ctest --output-on-failure -j $(ASAN_JOBS) -L unit $(CTEST_ARGS) || status=1; \
	$(SANITIZER_ENV) ASAN_OPTIONS=$(ASAN_BASE_OPTIONS):fast_unwind_on_malloc=0 \
	    ctest --output-on-failure -j $(ASAN_JOBS) -L e2e $(CTEST_ARGS) || status=1; \
	exit $$status

# make fuzz: every libFuzzer target in tests/fuzz runs on a copy of its seed corpus for
# FUZZ_SECONDS; exits non-zero when any target crashes (crash-* files land in build-fuzz/artifacts).
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_JOBS    ?= 2
FUZZ_TARGETS ?= fuzz_json_codec fuzz_cbor_codec fuzz_validator fuzz_jwt

$(FUZZ_DIR)/build.ninja:
	cmake --preset fuzz

fuzz: deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(FUZZ_JOBS) --target $(FUZZ_TARGETS)
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-fuzzers.sh $(FUZZ_TARGETS)
