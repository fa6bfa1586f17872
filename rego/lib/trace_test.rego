package xacct.lib.trace_test

import data.xacct.lib.trace
import data.xacct.test.fixtures

# verdicts(inp) are {hop: verdict} of the article's one cross-account action.
verdicts(inp) := v if {
	ts := trace.actions with input as inp
	count(ts) == 1
	v := {h.hop: h.verdict | some t in ts; some h in t.hops}
}

hop(inp, name) := h if {
	ts := trace.actions with input as inp
	some t in ts
	some h in t.hops
	h.hop == name
}

test_article_every_hop_allowed if {
	v := verdicts(fixtures.article)
	v == {
		"assume-role": "allowed",
		"read-artifacts": "allowed",
		"decrypt-artifacts": "allowed",
		"deploy-calls": "allowed",
		"pass-role": "allowed",
	}
}

test_article_action_fields if {
	ts := trace.actions with input as fixtures.article
	some t in ts
	t.account == fixtures.acct_b
	t.roleArn == fixtures.deploy_role_arn
	t.pipelineRoleArn == fixtures.pipeline_role_arn
	t.bucket == fixtures.bucket_arn
	t.keyArn == fixtures.key_arn
	t.key == [0, 2, 0]
}

test_allowed_hop_names_its_statements if {
	h := hop(fixtures.article, "assume-role")
	{b.loc.pointer | some b in h.because} == {
		"/Statement/assume",
		"/Resources/CodeDeployRole/Properties/AssumeRolePolicyDocument/Statement/trust",
	}
}

test_trust_without_pipeline_denies_assume_role_only if {
	inp := fixtures.article_without([["statements", "deploy-trust", "trust"]])
	v := verdicts(inp)
	v["assume-role"] == "denied"
	v["read-artifacts"] == "allowed"
	v["decrypt-artifacts"] == "allowed"
	h := hop(inp, "assume-role")
	h.rules == ["XA501"]
	some b in h.because
	b.rule == "XA501"
	contains(b.message, "no statement of the trust policy")
}

test_explicit_deny_names_the_deny_statement if {
	inp := fixtures.article_with({
		"statements": {"bucket-policy": {"deny-read": fixtures.stmt({
			"effect": "Deny", "principals": [fixtures.everyone], "actions": ["s3:GetObject"],
			"resources": [concat("", [fixtures.bucket_arn, "/*"])],
		})}},
		"policies": {"bucket-policy": {"order": ["tls", "sse", "get-put", "list", "deny-read"]}},
	})
	h := hop(inp, "read-artifacts")
	h.verdict == "denied"
	h.rules == ["XA201"]
	some b in h.because
	endswith(b.loc.pointer, "/Statement/deny-read")
	contains(b.message, "explicit Deny")
}

test_missing_key_grant_denies_decrypt if {
	inp := fixtures.article_without([["statements", "key-policy", "use"]])
	v := verdicts(inp)
	v["decrypt-artifacts"] == "denied"
	v["read-artifacts"] == "allowed"
	hop(inp, "decrypt-artifacts").rules == ["XA103"]
}

test_unknown_role_is_unknown if {
	inp := fixtures.article_without([["roles", "target.yaml#CodeDeployRole"]])
	v := verdicts(inp)
	v["assume-role"] == "unknown"
	v["deploy-calls"] == "unknown"
}

test_outputs_add_write_and_encrypt if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": concat("/", [fixtures.deploy_action_path, "outputArtifacts"]), "value": ["Out"]}])
	v := verdicts(inp)
	v["write-artifacts"] == "allowed"
	v["encrypt-artifacts"] == "allowed"
}
