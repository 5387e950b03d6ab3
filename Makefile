# verify — make targets. Every target sets itself up (make demo / make test from a fresh clone).
SHELL := /bin/bash
PY := .venv/bin/python
VERIFY := .venv/bin/verify
STAMP := .venv/.installed
SHARED ?= $(abspath ../shared)
export VERIFY_CORPORA ?= $(SHARED)/corpora
export VERIFY_SHARED ?= $(SHARED)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
OUT ?= out

.PHONY: install demo demo-store demo-index full-store full-index test test-fast browser-deps \
        eval eval-extract eval-articles eval-turns eval-claims demo-factchecks bench lint format \
        clean serve

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d .venv || python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	# torch first: the CPU wheel on local disk (plain `torch` pulls a multi-GB CUDA build)
	.venv/bin/pip install --quiet torch==2.13.0
	.venv/bin/pip install --quiet -e '.[dev]'
	.venv/bin/pip check
	$(PY) -c "from verify.corpus.embed import prepare_model; prepare_model()"
	touch $(STAMP)

# ---------------------------------------------------------------- data
# The demo selection: every Kremlin document, and White House documents of Oct-Nov 2022.
demo-store: install
	$(VERIFY) corpus ingest --demo

demo-index: demo-store
	$(VERIFY) index build

# Everything in ../shared/corpora, in its own VERIFY_HOME (about 11 min of embedding with bf16p).
FULL_HOME ?= $(CURDIR)/indexes/full
full-store: install
	VERIFY_HOME=$(FULL_HOME) $(VERIFY) corpus ingest

full-index: full-store
	VERIFY_HOME=$(FULL_HOME) $(VERIFY) index build

# The fact-check archive of the demo: the CLEF CheckThat! 2020 Snopes checks (a no-op when added).
CLEF ?= $(SHARED)/eval/clef2020-task2
demo-factchecks: install
	$(VERIFY) factcheck add $(CLEF)/verified_claims.docs.tsv --no-progress

demo: demo-index demo-factchecks
	@mkdir -p $(OUT)
	@echo; echo "== A White House line, said in several briefings (earliest listed first)"
	$(VERIFY) quote "nothing about Ukraine without Ukraine" --speaker "White House" --date 2022-11-01
	@echo; echo "== A Putin quote from the 2021-12-23 annual news conference"
	$(VERIFY) quote "It is you who must give us guarantees, and you must do it immediately, right now" --speaker "Vladimir Putin" --date 2021-12-24
	@echo; echo "== The same quote, altered"
	$(VERIFY) quote "It is you who must give us guarantees, and you must do it within a year" --speaker Putin --date 2021-12-24
	@echo; echo "== A paraphrase"
	$(VERIFY) quote "Ensuring stability and security in this region is one of the most important issues on the agenda today." --speaker Putin --date 2021-12-24
	@echo; echo "== The Tasnim article: every quote and claim, with provenance"
	rm -f $(OUT)/tasnim.jsonl
	$(VERIFY) article $(SHARED)/articles/tasnim-2022-peskov-biden.txt --outlet Tasnim --date 2022-11-01 \
	    --no-store --results $(OUT)/tasnim.jsonl --format markdown
	$(VERIFY) report $(OUT)/tasnim.jsonl --format html --out $(OUT)/tasnim-report.html
	$(VERIFY) report $(OUT)/tasnim.jsonl --format claimreview --out $(OUT)/tasnim-claimreview.json
	@echo; echo "== Has this claim been fact-checked before? (a tweet against the Snopes archive)"
	$(VERIFY) claim "Incredible: this eagle just snatched a drone right out of the sky pic.twitter.com/x1 — Nature Clips (@natureclips) March 3, 2019"
	$(VERIFY) claim "The city council voted to rename Main Street after a local bakery."
	@echo; echo "Reports: $(OUT)/tasnim-report.html, $(OUT)/tasnim-claimreview.json"
	@echo "The workbench: $(VERIFY) serve  (then open http://127.0.0.1:8000/)"

# ---------------------------------------------------------------- tests
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: install browser-deps
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow and not browser"

# ---------------------------------------------------------------- measurements
eval: demo-index
	$(PY) -m tools.evaluation.quotes --split both

eval-turns: install
	$(PY) -m tools.evaluation.turns

eval-extract: install
	$(PY) -m tools.evaluation.polnear --split dev

# CLEF CheckThat! 2020 task 2 dev: MAP@1/3/5, R@5; the fact_checked decision on ClaimMatchData
eval-claims: install
	$(PY) -m tools.evaluation.claims --split dev

# The labelled articles quote White House briefings of 2021-2022 outside the demo selection:
# with the full index (make full-index) every set is measured; without it, the demo index
# measures the sets it covers (k1, and the shared articles' Kremlin quotes).
EVAL_SETS ?= news,k1
eval-articles: install
	@if [ -f $(FULL_HOME)/vectors/manifest.json ]; then \
	    VERIFY_HOME=$(FULL_HOME) $(PY) -m tools.evaluation.articles; \
	else \
	    echo "(no full index in $(FULL_HOME): the demo index, sets $(EVAL_SETS))"; \
	    $(MAKE) --no-print-directory demo-index && $(PY) -m tools.evaluation.articles --sets $(EVAL_SETS); \
	fi

bench: demo-index demo-factchecks
	$(VERIFY) bench all
	$(PY) -m tools.evaluation.claims bench --synthetic 1000000

# Archive scale by simulation (400k, 2.5M, 10M passages from the real ones; hours here, not CI):
# recall@10, search p50/p95, memory, build time, FTS5 p95, verify quote fresh (tools/bench_scale.py)
bench-scale: install
	$(PY) -m tools.bench_scale --sizes $(or $(SIZES),400000,2500000,10000000)

lint:
	.venv/bin/ruff check verify tests tools
	.venv/bin/ruff format --check verify tests tools

format:
	.venv/bin/ruff format verify tests tools
	.venv/bin/ruff check --fix verify tests tools

serve: demo-index
	$(VERIFY) serve

clean:
	rm -rf $(OUT) .pytest_cache
