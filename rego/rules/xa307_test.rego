package xacct.rules.xa307_test

import data.xacct.rules.xa307
import data.xacct.test.fixtures

deploy(fields) := json.patch(fixtures.article, [{"op": "replace", "path": fixtures.deploy_action_path, "value": object.union(fixtures.article.pipelines[0].stages[2].actions[0], fields)}])

patched(ops) := json.patch(fixtures.article, ops)

messages(inp) := {f.message | some f in xa307.deny with input as inp}

only(inp, text) if {
	ms := messages(inp)
	count(ms) == 1
	some m in ms
	contains(m, text)
}

field(name, pointer) := {"name": name, "loc": fixtures.loc("pipeline.json", pointer)}

test_article_is_silent if {
	count(xa307.deny) == 0 with input as fixtures.article
}

test_metadata_block if {
	findings := xa307.deny with input as patched([{"op": "replace", "path": "/pipelines/0/extra", "value": [field("metadata", "/metadata")]}])
	count(findings) == 1
	some f in findings
	contains(f.message, "get-pipeline prints")
	contains(f.message, `remove "metadata"`)
	f.loc.pointer == "/metadata"
}

test_misspelt_action_field if {
	only(deploy({"extra": [field("roleARN", "/pipeline/stages/2/actions/0/roleARN")]}), `has field "roleARN", which the API does not know and refuses: did you mean "roleArn"?`)
}

test_unknown_field if {
	only(deploy({"extra": [field("description", "/d")]}), `has field "description", which the API does not know and refuses: remove it`)
}

test_no_pipeline_role if {
	only(patched([{"op": "replace", "path": "/pipelines/0/roleArn", "value": ""}]), `pipeline "cross-pipeline" has no roleArn`)
}

test_no_action_type if {
	only(deploy({"category": "", "owner": "", "provider": "", "version": ""}), "action Deploy/Deploy has no actionTypeId")
}

test_no_version if {
	only(deploy({"version": ""}), `actionTypeId of action Deploy/Deploy has no version, which the API requires: add "version": "1"`)
}

test_store_without_location if {
	only(patched([{"op": "replace", "path": "/pipelines/0/artifactStores/0/location", "value": ""}]), "artifact store has no location")
}

test_store_type_not_s3 if {
	only(patched([{"op": "replace", "path": "/pipelines/0/artifactStores/0/type", "value": "GCS"}]), `has type "GCS"; the API accepts only "S3"`)
}

test_key_without_type if {
	only(patched([{"op": "replace", "path": "/pipelines/0/artifactStores/0/encryptionKey/type", "value": ""}]), `encryptionKey of artifact store has no type, which the API requires: add "type": "KMS"`)
}

test_key_type_not_kms if {
	only(patched([{"op": "replace", "path": "/pipelines/0/artifactStores/0/encryptionKey/type", "value": "SSE"}]), `has type "SSE"; the API accepts only "KMS"`)
}

test_regional_store_label if {
	inp := patched([
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/region", "value": "us-east-1"},
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/encryptionKey/id", "value": ""},
	])
	only(inp, "encryptionKey of artifact store for us-east-1 has no id")
}

test_run_order_string if {
	only(deploy({"runOrder": "1", "types": {"runOrder": "string"}}), `runOrder of action Deploy/Deploy is a string, but the API takes a number: write "runOrder": 1 without quotes`)
}

test_configuration_bool if {
	inp := deploy({
		"configuration": {"PollForSourceChanges": "false"},
		"types": {"runOrder": "number", "configuration": "map", "configuration.PollForSourceChanges": "bool"},
	})
	only(inp, `configuration value PollForSourceChanges of action Deploy/Deploy is a bool, but configuration values are strings and the API refuses it: write "PollForSourceChanges": "false"`)
}

test_configuration_list if {
	only(deploy({"types": {"configuration": "list"}}), "configuration of action Deploy/Deploy is a list, but the API takes a map")
}

test_well_typed_is_silent if {
	inp := deploy({"types": {
		"name": "string", "runOrder": "number", "roleArn": "string", "region": "string",
		"configuration": "map", "configuration.ApplicationName": "string",
		"inputArtifacts": "list", "actionTypeId": "map",
	}})
	count(xa307.deny) == 0 with input as inp
}

test_template_without_types_is_silent if {
	# CloudFormation converts a template's values: no types recorded
	count(xa307.deny) == 0 with input as deploy({"runOrder": "1", "configuration": {"PollForSourceChanges": "false"}})
}
