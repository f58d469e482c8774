# Survivor resource finder: `make run` starts everything, `make test` tests everything.
# Both set up what they need on a fresh machine first. `make help` lists every target.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL := models/bot.tar.gz
DB := var/resources.db
# What the trained model depends on: its data and configuration, the NLU components, and the
# code they fit with (the folding of text, the chat-language classifier).
TRAINING_FILES := config.yml domain.yml bot/locales/languages.yml $(shell find bot/data -name '*.yml' 2>/dev/null) \
	$(wildcard bot/nlu/*.py) bot/language/supported.py bot/language/chat_model.py
# A removed training file has no date to compare, and one copied in can keep an old date, so
# the model also depends on the list of those files: rewritten here, when make reads this
# file, only if the list changed.
TRAINING_LIST := models/.training-files
ifneq ($(sort $(TRAINING_FILES)),$(strip $(file < $(TRAINING_LIST))))
$(shell mkdir -p models)
$(file > $(TRAINING_LIST),$(sort $(TRAINING_FILES)))
endif

export RASA_TELEMETRY_ENABLED := false
export PATH := $(CURDIR)/$(BIN):$(PATH)
# Keep TensorFlow quiet and on the CPU; two threads match the target machines.
export TF_CPP_MIN_LOG_LEVEL := 2
export CUDA_VISIBLE_DEVICES :=

.PHONY: help
help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@PY=$$(scripts/find-python310.sh) && \
		{ [ -x $(BIN)/python ] || $$PY -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade "pip<25" wheel
	$(BIN)/python -m pip install --quiet --progress-bar off -c constraints.txt -e ".[test]"
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv with Python 3.10 and install the project (only when needed)

$(DB): resources_db/data/sample_directory.yml resources_db/data/hotlines.yml $(wildcard resources_db/migrations/versions/*.py) | $(STAMP)
	$(BIN)/resources-db --db sqlite:///$(CURDIR)/$(DB) init
	@touch $@

.PHONY: db
db: $(DB) ## Create the SQLite resource database with the bundled data

$(MODEL): $(TRAINING_FILES) $(TRAINING_LIST) | $(STAMP)
	$(BIN)/rasa train --config config.yml --domain domain.yml --data bot/data \
		--out models --fixed-model-name bot
	@touch $@

.PHONY: train
train: $(MODEL) ## Train the model when training data, config or NLU code changed

.PHONY: validate
validate: $(STAMP) ## Check training data and domain with Rasa's validator; warnings fail
	$(BIN)/python scripts/validate_data.py

.PHONY: run
run: $(STAMP) $(DB) $(MODEL) ## Set up, then start the Rasa server (5005) and action server (5055)
	@if [ -z "$$RASA_AUTH_TOKEN" ]; then \
		export RASA_AUTH_TOKEN=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))'); \
		echo "RASA_AUTH_TOKEN was not set: generated one for this run: $$RASA_AUTH_TOKEN"; \
	fi; \
	echo "Starting. When 'Rasa server is up and running' appears, chat with:"; \
	echo "  $(BIN)/python scripts/chat.py"; \
	echo "  or: curl -s localhost:5005/webhooks/rest/webhook -d '{\"sender\": \"demo\", \"message\": \"hi\"}'"; \
	echo "Stop with Ctrl-C."; \
	exec $(BIN)/honcho start -f Procfile

.PHONY: chat
chat: $(STAMP) ## Chat with a running assistant in this terminal (after make run)
	$(BIN)/python scripts/chat.py

.PHONY: test
test: $(STAMP) $(DB) $(MODEL) ## Set up, then run the whole test suite
	$(BIN)/python -m pytest

.PHONY: bench-latency
bench-latency: $(STAMP) $(DB) $(MODEL) ## Reply latency and throughput through the REST webhook
	$(BIN)/python -m bench.latency

.PHONY: bench-languages
bench-languages: $(STAMP) $(MODEL) ## Language detection and intent accuracy per language, held-out data
	$(BIN)/python -m bench.languages

.PHONY: bench-search
bench-search: $(STAMP) ## Search p50/p95 on 1M generated listings, SQLite and PostgreSQL (~25 min)
	$(BIN)/python -m bench.search

.PHONY: clean
clean: ## Remove the trained model, the database and caches (keeps .venv)
	rm -rf models var .pytest_cache .rasa results
