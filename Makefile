# vnews — build, test, bench, demo. Everything below `make` is plain GNU make.
#   make            build/vnews and build/libvnews.a
#   make test       every test; the last line is "N passed, N failed"
#   make bench      benchmarks on ../shared/corpus (figures printed)
#   make demo       install what is missing, build, run on sample/
#   make fuzz       build and run each libFuzzer harness briefly
#   make SAN=1 BUILD=build-san test   the same under ASan + UBSan

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Iinclude -MMD -MP \
           -DVNEWS_DATADIR='"$(abspath data)"'
LDLIBS  += -lutf8proc -lsqlite3 -lzstd -lz -lxxhash -lmicrohttpd -lpthread -lm
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC  := $(wildcard src/core/*.c src/text/*.c src/page/*.c src/extract/*.c src/io/*.c \
                       src/archive/*.c)
CLI_SRC  := $(wildcard src/cli/*.c src/serve/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/unit/*.c)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)

.PHONY: all test check bench demo fuzz deps clean tables tables-check
.SECONDARY:
all: $(BUILD)/vnews $(BUILD)/vnews-testlib $(BUILD)/unit-tests

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libvnews.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/vnews: $(CLI_OBJ) $(BUILD)/libvnews.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# the library driven directly, without the CLI (tests run cases through both)
$(BUILD)/vnews-testlib: $(BUILD)/tests/testlib.o $(BUILD)/libvnews.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/unit-tests: $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/libvnews.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@sh tools/install-deps.sh

test: deps all
	@BUILD=$(BUILD) sh tests/run.sh

check: test

bench: deps all
	@BUILD=$(BUILD) sh bench/run.sh

demo: deps all
	@BUILD=$(BUILD) sh tools/demo.sh

# libFuzzer harnesses: clang, the library built with -fsanitize=fuzzer-no-link
FUZZ_BUILD := build-fuzz
FUZZ_FLAGS := -O1 -g -std=c11 -D_GNU_SOURCE -Iinclude -MMD -MP -fsanitize=fuzzer-no-link,address,undefined \
              -DVNEWS_DATADIR='"$(abspath data)"'
FUZZ_SECONDS ?= 60
$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -c $< -o $@
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/fuzz/fuzz_%.o $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
	clang -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)
fuzz: deps $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD=$(FUZZ_BUILD) sh fuzz/run.sh

# generated tables (data/ from ../shared/admin) and the check that they are current
tables:
	python3 tools/gen_gazetteer.py ../shared/admin data
tables-check:
	python3 tools/gen_gazetteer.py --check ../shared/admin data

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
