# METADATA
# title: Field the CreatePipeline API rejects
# description: |
#   The pipeline declaration has a field the CreatePipeline/UpdatePipeline
#   API does not accept: the `metadata` block that `get-pipeline` prints
#   (pipelineArn, created, updated), a key the API does not know (often a
#   misspelling such as `roleARN`), a required field left out (the
#   pipeline's `roleArn`, an action's `actionTypeId` or one of its
#   category/owner/provider/version, an artifact store's type or location,
#   an encryption key's id or type), or a value of the wrong JSON type (a
#   `runOrder` written as a string, a configuration value that is not a
#   string). The AWS CLI refuses the whole input before sending it, and
#   `update-pipeline` with a `get-pipeline` output fails the same way.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_CreatePipeline.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-edit.html
# custom:
#   id: XA307
#   severity: error
#   remediation: |
#     Remove the `metadata` block (and any key the API does not know), add
#     the required fields, write `runOrder` as a number and every
#     configuration value as a string (`"PollForSourceChanges": "false"`).
package xacct.rules.xa307

import data.xacct.lib.facts
import data.xacct.lib.pipelines
import data.xacct.lib.util

# Keys the API knows, for "did you mean".
known_keys := {
	"pipeline", "tags", "name", "roleArn", "artifactStore", "artifactStores", "stages", "version",
	"executionMode", "pipelineType", "variables", "triggers", "blockers", "actions", "onFailure",
	"onSuccess", "beforeEntry", "actionTypeId", "runOrder", "configuration", "outputArtifacts",
	"inputArtifacts", "region", "namespace", "timeoutInMinutes", "commands", "outputVariables",
	"environmentVariables", "type", "location", "encryptionKey",
}

# --- Unknown fields -----------------------------------------------------

deny contains f if {
	some p in input.pipelines
	some e in util.as_list(p.extra)
	f := {"message": extra_message(e.name, sprintf("pipeline %q", [p.name])), "loc": e.loc}
}

deny contains f if {
	some x in facts.actions
	some e in util.as_list(x.action.extra)
	f := {"message": extra_message(e.name, sprintf("action %s", [facts.action_name(x)])), "loc": e.loc}
}

extra_message(name, where) := sprintf(
	"%s has a metadata block, the read-only part that get-pipeline prints (pipelineArn, created, updated); create-pipeline and update-pipeline refuse it: remove \"metadata\" and keep only \"pipeline\" (and \"tags\")",
	[where],
) if {
	name == "metadata"
} else := sprintf("%s has field %q, which the API does not know and refuses: did you mean %q?", [where, name, k]) if {
	some k in known_keys
	lower(k) == lower(name)
} else := sprintf("%s has field %q, which the API does not know and refuses: remove it", [where, name])

# --- Required fields ----------------------------------------------------

deny contains f if {
	some p in input.pipelines
	object.get(p, "roleArn", "") == ""
	f := {
		"message": sprintf(
			"pipeline %q has no roleArn, which the API requires: add \"roleArn\": \"arn:aws:iam::<pipeline account>:role/<service role>\", the role CodePipeline assumes (its trust policy admits codepipeline.amazonaws.com)",
			[p.name],
		),
		"loc": p.loc,
	}
}

deny contains f if {
	some x in facts.actions
	every field in type_fields {
		object.get(x.action, field, "") == ""
	}
	f := {
		"message": sprintf(
			"action %s has no actionTypeId, which the API requires: add \"actionTypeId\": {\"category\": \"…\", \"owner\": \"AWS\", \"provider\": \"…\", \"version\": \"1\"}",
			[facts.action_name(x)],
		),
		"loc": x.action.loc,
	}
}

deny contains f if {
	some x in facts.actions
	some field in type_fields
	object.get(x.action, field, "") == ""
	some other in type_fields
	object.get(x.action, other, "") != ""
	f := {
		"message": sprintf(
			"actionTypeId of action %s has no %s, which the API requires: add \"%s\": %s",
			[facts.action_name(x), field, field, example[field]],
		),
		"loc": facts.action_loc(x.action, "actionTypeId"),
	}
}

type_fields := ["category", "owner", "provider", "version"]

example := {
	"category": `"Source", "Build", "Deploy", "Test", "Invoke", "Approval" or "Compute"`,
	"owner": `"AWS", "ThirdParty" or "Custom"`,
	"provider": `the provider name, e.g. "CodeDeployToECS"`,
	"version": `"1"`,
}

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	some field in ["type", "location"]
	object.get(st, field, "") == ""
	f := {
		"message": sprintf("artifact store %shas no %s, which the API requires: add %s", [store_label(st), field, store_example[field]]),
		"loc": st.loc,
	}
}

store_example := {"type": `"type": "S3"`, "location": `"location": "<artifact bucket name>"`}

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	t := object.get(st, "type", "")
	pipelines.known(t)
	t != "S3"
	f := {
		"message": sprintf("artifact store %shas type %q; the API accepts only \"S3\"", [store_label(st), t]),
		"loc": st.loc,
	}
}

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	ek := st.encryptionKey
	ek != null
	some field in ["id", "type"]
	object.get(ek, field, "") == ""
	f := {
		"message": sprintf("encryptionKey of artifact store %shas no %s, which the API requires: add %s", [store_label(st), field, key_example[field]]),
		"loc": ek.loc,
	}
}

key_example := {"id": `"id": "<KMS key ARN>"`, "type": `"type": "KMS"`}

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	t := object.get(object.get(st, "encryptionKey", {}), "type", "")
	pipelines.known(t)
	t != "KMS"
	f := {
		"message": sprintf("encryptionKey of artifact store %shas type %q; the API accepts only \"KMS\"", [store_label(st), t]),
		"loc": st.encryptionKey.loc,
	}
}

store_label(st) := sprintf("for %s ", [st.region]) if {
	st.region != ""
} else := ""

# --- JSON types (pipeline.json) -------------------------------------------

# The JSON type each action field must have.
field_types := {"name": "string", "runOrder": "number", "region": "string", "roleArn": "string", "namespace": "string", "configuration": "map"}

deny contains f if {
	some x in facts.actions
	some field, got in object.get(x.action, "types", {})
	want := field_types[field]
	got != want
	f := {
		"message": sprintf("%s of action %s is a %s, but the API takes a %s: %s", [field, facts.action_name(x), got, want, type_fix(field, x.action)]),
		"loc": facts.action_loc(x.action, field),
	}
}

deny contains f if {
	some x in facts.actions
	some field, got in object.get(x.action, "types", {})
	startswith(field, "configuration.")
	got != "string"
	key := substring(field, count("configuration."), -1)
	f := {
		"message": sprintf(
			"configuration value %s of action %s is a %s, but configuration values are strings and the API refuses it: write \"%s\": %s",
			[key, facts.action_name(x), got, key, quoted(pipelines.configuration(x.action)[key])],
		),
		"loc": facts.action_loc(x.action, field),
	}
}

type_fix("runOrder", a) := sprintf("write \"runOrder\": %s without quotes", [a.runOrder]) if {
	regex.match(`^[0-9]+$`, a.runOrder)
} else := "write runOrder as a number from 1 to 999"

type_fix("configuration", _) := "write configuration as an object whose values are strings"

type_fix(field, _) := sprintf("write %s as a JSON string", [field]) if not field in {"runOrder", "configuration"}

quoted(v) := json.marshal(v)
