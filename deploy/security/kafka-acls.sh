#!/usr/bin/env bash
# The ACLs of docs/security.md ("ACLs"), as kafka-acls.sh commands: default topic names and
# --application-id statusflow. Run it as a cluster admin:
#   BOOTSTRAP=broker-1:9093 ADMIN_CONFIG=admin.properties deploy/security/kafka-acls.sh
# Principals are User:<name>; rename them to yours. A test checks this file against the table.
set -euo pipefail
acl() { kafka-acls.sh --bootstrap-server "${BOOTSTRAP:?}" --command-config "${ADMIN_CONFIG:?}" --add "$@"; }

# statusflow
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --operation DescribeConfigs --topic status.commands
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --topic status.commands.rerouted
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --topic status.command-results
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --topic status.events
acl --allow-principal User:statusflow --operation Write --operation Create --topic status.current
acl --allow-principal User:statusflow --operation Write --operation Create --operation DescribeConfigs --topic status.commands.dlq
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --topic status.ssf.streams
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --topic status.ssf.outbox
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --topic status.ssf.positions
acl --allow-principal User:statusflow --operation Read --operation Write --operation Create --operation DescribeConfigs --topic statusflow- --resource-pattern-type prefixed
acl --allow-principal User:statusflow --operation Read --group statusflow
acl --allow-principal User:statusflow --operation Read --group statusflow-ssf
acl --allow-principal User:statusflow --operation Write --transactional-id statusflow- --resource-pattern-type prefixed
# command-producer
acl --allow-principal User:command-producer --operation Write --topic status.commands
# events-consumer
acl --allow-principal User:events-consumer --operation Read --topic status.events
acl --allow-principal User:events-consumer --operation Read --topic status.current
acl --allow-principal User:events-consumer --operation Read --group revocation-listener
# connect-sink
acl --allow-principal User:connect-sink --operation Read --topic status.current
acl --allow-principal User:connect-sink --operation Read --topic status.events
acl --allow-principal User:connect-sink --operation Read --group connect-statusflow- --resource-pattern-type prefixed
