# Karmayogi: the two commands are `make run` and `make test`. Everything else is a step of those.
BUILD      ?= build
JOBS       ?= $(shell nproc)
DB         ?= data/karmayogi.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build run test bench clean format

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) >$(BUILD)/build.log 2>&1 || (cat $(BUILD)/build.log; exit 1)

$(DB): | build
	@mkdir -p $(dir $(DB))
	@$(BUILD)/karmayogi demo --db sqlite:$(DB)

run: build $(DB)
	@echo
	@echo "  Karmayogi is starting on http://$(LISTEN)"
	@echo "  Demo logins (password Karmayogi@2026):"
	@echo "    learner@karmayogi.demo (official)      mdo.admin@karmayogi.demo (ministry admin)"
	@echo "    supervisor@karmayogi.demo (the learner's reporting officer)"
	@echo "    cbp.admin@karmayogi.demo               creator@ / reviewer@ / publisher@karmayogi.demo"
	@echo "    coordinator@ / trainer@karmayogi.demo  spv.admin@karmayogi.demo (platform admin)"
	@echo "    kb.reviewer@ / kb.publisher@karmayogi.demo (platform content review)"
	@echo "  Stop with Ctrl-C."
	@echo
	@$(BUILD)/karmayogi serve --db sqlite:$(DB) --listen $(LISTEN) --web web --data data/files

test: build
	@scripts/test.sh

bench: deps
	@scripts/bench.sh

clean:
	rm -rf build build-asan build-bench

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/unit/*.c')
