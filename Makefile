# Switchboard: one entry point over CMake. Every target first installs missing Debian packages.
BUILD_DIR  ?= build
PRESET     ?= default
JOBS       ?= $(shell nproc)
CTEST_ARGS ?=

.PHONY: all deps configure build test test-unit test-e2e demo bench clean

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

clean:
	rm -rf $(BUILD_DIR)
