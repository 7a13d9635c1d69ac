# Quiver: the two commands a newcomer types are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -ntp

.PHONY: help run test services services-down services-status resilience bench toolchain

help:
	@echo "make run         build and start the Flight server on the embedded demo data (ARGS='--help' lists options)"
	@echo "make test        install and start the real local services, then mvn verify and the Python client tests"
	@echo "make services    install and start PostgreSQL, NATS JetStream, Redis, ClickHouse, Elasticsearch, toxiproxy"
	@echo "make resilience  the stress and chaos suite: mvn verify -Presilience"
	@echo "make bench       side-by-side benchmarks against the real services into bench-results/*.json"

toolchain:
	@scripts/toolchain.sh

services:
	scripts/services.sh up

services-down:
	scripts/services.sh down

services-status:
	scripts/services.sh status

test: toolchain services
	$(MVN) verify
	scripts/python-tests.sh

resilience: toolchain services
	$(MVN) verify -Presilience

SERVER_JAR := flight-server/target/quiver-flight-server.jar

run: toolchain
	$(MVN) -q -pl flight-server -am package -DskipTests
	java $(QUIVER_JAVA_OPTS) -jar $(SERVER_JAR) $(ARGS)

bench: toolchain
	scripts/bench.sh all
