# privtrace build. `make` builds build/privtrace; `make run` and `make test`
# first install missing Debian packages (scripts/deps.sh) — see README.md.
OUTPUT   ?= build
CLANG    ?= clang
BPFTOOL  ?= bpftool
CC       ?= gcc
ARCH     ?= x86
# the suite's build runs on every core (two builds of all user code, gcc and clang)
NPROC    := $(shell nproc 2>/dev/null || echo 1)

CFLAGS   ?= -g -O2
# what the code needs, kept when CFLAGS is given on the command line
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
INCLUDES := -Iinclude -Iuser -I$(OUTPUT)
LDLIBS   := -lbpf -lelf -lz -lpthread
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -Ivmlinux/$(ARCH) -Iinclude

BPF_SRCS  := $(wildcard bpf/*.bpf.c)
# maps.bpf.o defines the settings the others declare extern: it links first.
BPF_OBJS  := $(OUTPUT)/bpf/maps.bpf.o $(filter-out $(OUTPUT)/bpf/maps.bpf.o,$(patsubst bpf/%.bpf.c,$(OUTPUT)/bpf/%.bpf.o,$(BPF_SRCS)))
# user/ is the pipeline, a folder per stage (README, Layout)
USER_SRCS := $(wildcard user/*/*.c)
USER_OBJS := $(patsubst user/%.c,$(OUTPUT)/user/%.o,$(USER_SRCS))
LIB_OBJS  := $(filter-out $(OUTPUT)/user/cli/main.o,$(USER_OBJS))
# tests/unit mirrors user/ (and include/): tests/unit/STAGE/test_FILE.c
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/unit/%,$(wildcard tests/unit/*/test_*.c))
PROG_BINS := $(patsubst tests/progs/%.c,$(OUTPUT)/tests/progs/%,$(wildcard tests/progs/*.c))
BENCH_BINS := $(OUTPUT)/tests/bench/workload $(OUTPUT)/tests/bench/floor $(OUTPUT)/tests/bench/replay
# The same user code under ASan+UBSan with libFuzzer's coverage:
# the fuzz harnesses (tests/fuzz) and the unit tests again, any report fatal.
# Only built when asked for (fuzz-bins, san-unit-bins, make test, make fuzz).
SAN_CC    ?= clang
FUZZ_TIME ?= 60
SAN       := $(OUTPUT)/san
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -g -O1 -fno-omit-frame-pointer
SAN_CFLAGS := $(CFLAGS) $(SAN_FLAGS)
SAN_OBJS  := $(patsubst user/%.c,$(SAN)/user/%.o,$(filter-out user/cli/main.c,$(USER_SRCS)))
SAN_UNIT_BINS := $(patsubst tests/unit/%.c,$(SAN)/tests/unit/%,$(wildcard tests/unit/*/test_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(OUTPUT)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
DEPS      := $(BPF_OBJS:.o=.d) $(USER_OBJS:.o=.d) $(OUTPUT)/user/sink/sendq-static.d $(UNIT_BINS:=.d) \
	     $(PROG_BINS:=.d) $(OUTPUT)/tests/bench/floor.bpf.d $(OUTPUT)/tests/bench/floor.d \
	     $(OUTPUT)/tests/bench/replay.d $(SAN_OBJS:.o=.d) $(SAN_UNIT_BINS:=.d) $(FUZZ_BINS:=.d)

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

.PHONY: all deps run test unit unit-bins progs bench vmtest clean fuzz fuzz-bins san-unit-bins
.DELETE_ON_ERROR:

all: $(OUTPUT)/privtrace

# One BPF object per concern (bpf/*.bpf.c), statically linked into one
# object so the loader has a single skeleton.
$(OUTPUT)/bpf/%.bpf.o: bpf/%.bpf.c | $(OUTPUT)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/privtrace.bpf.o: $(BPF_OBJS)
	$(call msg,LINK-BPF,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(OUTPUT)/privtrace.skel.h: $(OUTPUT)/privtrace.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name privtrace_bpf > $@

$(OUTPUT)/user/%.o: user/%.c | $(OUTPUT)/privtrace.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(INCLUDES) -MMD -MP -c $< -o $@

$(OUTPUT)/privtrace: $(USER_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

# For the vmtest guests, which have no libbpf of their own, nor NSS modules:
# the syslog sender resolves numeric addresses only there (user/sink/sendq.c).
STATIC_OBJS := $(patsubst $(OUTPUT)/user/sink/sendq.o,$(OUTPUT)/user/sink/sendq-static.o,$(USER_OBJS))

$(OUTPUT)/user/sink/sendq-static.o: user/sink/sendq.c | $(OUTPUT)/privtrace.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -DPT_STATIC_BUILD $(INCLUDES) -MMD -MP -c $< -o $@

$(OUTPUT)/privtrace-static: $(STATIC_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) -static $^ $(LDLIBS) -o $@

$(OUTPUT)/tests/unit/%: tests/unit/%.c $(LIB_OBJS)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(INCLUDES) -Itests/unit -MMD -MP -MF $@.d $< $(LIB_OBJS) -lcmocka $(LDLIBS) -o $@

$(OUTPUT)/tests/progs/%: tests/progs/%.c | $(OUTPUT)/tests/progs
	$(call msg,PROG,$@)
	$(Q)$(CC) $(CFLAGS) -MMD -MP -MF $@.d $< -o $@

$(OUTPUT)/tests/bench/workload: tests/bench/workload.c | $(OUTPUT)/tests/bench
	$(call msg,PROG,$@)
	$(Q)$(CC) $(CFLAGS) $< -o $@

# The benchmark's floor: empty programs on the hooks privtrace uses.
$(OUTPUT)/tests/bench/floor.bpf.o: tests/bench/floor.bpf.c | $(OUTPUT)/tests/bench
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/tests/bench/floor.skel.h: $(OUTPUT)/tests/bench/floor.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name floor_bpf > $@

$(OUTPUT)/tests/bench/floor: tests/bench/floor.c $(OUTPUT)/tests/bench/floor.skel.h
	$(call msg,PROG,$@)
	$(Q)$(CC) $(CFLAGS) -I$(OUTPUT)/tests/bench -MMD -MP -MF $@.d $< $(LDLIBS) -o $@

# The replay benchmark runs the pipeline's own code (tests/bench/replay.c).
$(OUTPUT)/tests/bench/replay: tests/bench/replay.c $(LIB_OBJS) | $(OUTPUT)/tests/bench
	$(call msg,PROG,$@)
	$(Q)$(CC) $(CFLAGS) $(INCLUDES) -MMD -MP -MF $@.d $< $(LIB_OBJS) $(LDLIBS) -o $@

# Sanitized objects: coverage for libFuzzer too (fuzzer-no-link), harmless
# in the unit tests, whose sanitizer runtime has the hooks as no-ops.
$(SAN)/user/%.o: user/%.c | $(OUTPUT)/privtrace.skel.h
	$(call msg,CC-SAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(SAN_CC) $(SAN_CFLAGS) -fsanitize=fuzzer-no-link $(INCLUDES) -MMD -MP -c $< -o $@

# An archive, not the objects: a harness may define what a file of user/
# does (it includes the .c to reach its static parser) and that member is
# then not taken.
$(SAN)/libprivtrace.a: $(SAN_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(OUTPUT)/fuzz/%: tests/fuzz/%.c $(SAN)/libprivtrace.a
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(SAN_CC) $(SAN_CFLAGS) -fsanitize=fuzzer $(INCLUDES) -Itests/fuzz -MMD -MP -MF $@.d \
		$< $(SAN)/libprivtrace.a $(LDLIBS) -o $@

# The seeds of tests/fuzz/corpus/{event,report}, made from the unit tests'
# fixtures: run it again when struct pt_event changes (gen_seeds.c).
$(OUTPUT)/fuzz/gen_seeds: tests/fuzz/gen_seeds.c $(LIB_OBJS)
	$(call msg,PROG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(INCLUDES) -Itests/unit $< $(LIB_OBJS) $(LDLIBS) -o $@

$(SAN)/tests/unit/%: tests/unit/%.c $(SAN_OBJS)
	$(call msg,TEST-SAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(SAN_CC) $(SAN_CFLAGS) $(INCLUDES) -Itests/unit -MMD -MP -MF $@.d $< $(SAN_OBJS) \
		-lcmocka $(LDLIBS) -o $@

$(OUTPUT)/bpf $(OUTPUT)/tests/progs $(OUTPUT)/tests/bench:
	$(Q)mkdir -p $@

unit-bins: $(UNIT_BINS)
progs: $(PROG_BINS)
fuzz-bins: $(FUZZ_BINS)
san-unit-bins: $(SAN_UNIT_BINS)

# Every harness FUZZ_TIME seconds (default 60) in turn, on one core;
# FUZZ_TARGETS="json_scan escape" for some only (tests/fuzz/run.sh).
fuzz: fuzz-bins
	$(Q)FUZZ_TIME=$(FUZZ_TIME) FUZZ_TARGETS="$(FUZZ_TARGETS)" tests/fuzz/run.sh

unit: unit-bins
	$(Q)for t in $(UNIT_BINS); do $$t || exit 1; done

deps:
	$(Q)scripts/deps.sh

# The live tracer, system-wide: `make run ARGS="-o json"` passes options.
# Its stdout is privtrace's alone (`make run ARGS="-o json" | jq`): what the
# installing and the building say goes to stderr.
run:
	$(Q)scripts/deps.sh >&2
	$(Q)$(MAKE) --no-print-directory all >&2
	$(Q)exec $(OUTPUT)/privtrace $(ARGS)

# The whole suite: unit tests, real-kernel integration tests on this kernel,
# then the same scenarios on other kernels under QEMU (VMTEST=0 skips those).
test: deps
	$(Q)$(MAKE) --no-print-directory -j$(NPROC) all unit-bins progs $(OUTPUT)/privtrace-static \
		san-unit-bins fuzz-bins
	$(Q)tests/run.sh

# Overhead as ratios against an untraced run, the floor (empty programs on
# the same hooks) and the peers, bpftrace and auditd (README, Performance).
bench: deps
	$(Q)for p in bpftrace auditd; do command -v $$p >/dev/null || \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$p >/dev/null; done
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BINS)
	$(Q)tests/bench/run.sh

# The soak test, outside CI and never part of `make test`: 10,000 container
# cgroups made and removed beside a steady rate of denials, privtrace's RSS
# and open fds sampled (README, Soak); SOAK_* settings from the environment
# (tests/soak/run.sh).
.PHONY: soak
soak: deps
	$(Q)$(MAKE) --no-print-directory all $(OUTPUT)/tests/soak/soakload
	$(Q)tests/soak/run.sh

$(OUTPUT)/tests/soak/soakload: tests/soak/soakload.c
	$(call msg,PROG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $< -o $@

# privtrace as a container image (README, Container image): FROM scratch,
# the static binary, the default config and the schema, as an archive for
# `docker load -i build/privtrace-image.tar`; no daemon or registry used.
IMAGE_TAG ?= privtrace:0.1
.PHONY: image
image: $(OUTPUT)/privtrace-static
	$(Q)scripts/image.sh $(OUTPUT)/privtrace-static $(OUTPUT)/privtrace-image.tar $(IMAGE_TAG)

# The integration scenarios inside Debian's 6.1 and 6.12 kernels under QEMU.
vmtest: deps
	$(Q)$(MAKE) --no-print-directory $(OUTPUT)/privtrace-static progs
	$(Q)tests/vm/vmtest.sh

clean:
	$(Q)rm -rf $(OUTPUT)

# `make install` (DESTDIR for a staging root; PREFIX, /usr/local by default):
# the binary, man page, JSON schema, example config and systemd unit (its
# ExecStart pointed at $(PREFIX)/sbin). /etc/privtrace/privtrace.conf is
# written from the example only where there is none: never over an admin's.
PREFIX  ?= /usr/local
INSTALL ?= install
UNITDIR := $(PREFIX)/lib/systemd/system
ETC_CONF := $(DESTDIR)/etc/privtrace/privtrace.conf
.PHONY: install uninstall

install: $(OUTPUT)/privtrace
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX)/sbin/privtrace)
	$(Q)$(INSTALL) -D -m 0755 $(OUTPUT)/privtrace $(DESTDIR)$(PREFIX)/sbin/privtrace
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX)/share/man/man8/privtrace.8)
	$(Q)$(INSTALL) -D -m 0644 docs/privtrace.8 $(DESTDIR)$(PREFIX)/share/man/man8/privtrace.8
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX)/share/privtrace/privtrace.schema.json)
	$(Q)$(INSTALL) -D -m 0644 docs/privtrace.schema.json $(DESTDIR)$(PREFIX)/share/privtrace/privtrace.schema.json
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX)/share/doc/privtrace/privtrace.conf.example)
	$(Q)$(INSTALL) -D -m 0644 docs/privtrace.conf.example $(DESTDIR)$(PREFIX)/share/doc/privtrace/privtrace.conf.example
	$(call msg,INSTALL,$(DESTDIR)$(UNITDIR)/privtrace.service)
	$(Q)$(INSTALL) -d $(DESTDIR)$(UNITDIR)
	$(Q)sed 's|/usr/local/sbin/privtrace|$(PREFIX)/sbin/privtrace|g' dist/privtrace.service \
		> $(DESTDIR)$(UNITDIR)/privtrace.service.tmp
	$(Q)chmod 0644 $(DESTDIR)$(UNITDIR)/privtrace.service.tmp
	$(Q)mv -f $(DESTDIR)$(UNITDIR)/privtrace.service.tmp $(DESTDIR)$(UNITDIR)/privtrace.service
	$(Q)if [ -e $(ETC_CONF) ] || [ -L $(ETC_CONF) ]; then \
		printf '  %-8s %s\n' KEEP "$(ETC_CONF) (yours; the example is in $(PREFIX)/share/doc/privtrace)"; \
	else \
		printf '  %-8s %s\n' INSTALL "$(ETC_CONF)"; \
		$(INSTALL) -D -m 0640 docs/privtrace.conf.example $(ETC_CONF); \
	fi

# Everything install wrote but the config under /etc, which is the admin's.
uninstall:
	$(call msg,REMOVE,$(DESTDIR)$(PREFIX)/.../privtrace*)
	$(Q)rm -f $(DESTDIR)$(PREFIX)/sbin/privtrace $(DESTDIR)$(PREFIX)/share/man/man8/privtrace.8 \
		$(DESTDIR)$(PREFIX)/share/privtrace/privtrace.schema.json \
		$(DESTDIR)$(PREFIX)/share/doc/privtrace/privtrace.conf.example \
		$(DESTDIR)$(UNITDIR)/privtrace.service
	$(Q)rmdir $(DESTDIR)$(PREFIX)/share/privtrace $(DESTDIR)$(PREFIX)/share/doc/privtrace 2>/dev/null || true
	$(Q)if [ -e $(ETC_CONF) ]; then printf '  %-8s %s\n' KEEP "$(ETC_CONF): remove it yourself if you want it gone"; fi

-include $(DEPS)
