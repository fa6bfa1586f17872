package xacct.rules.xa105_test

import data.xacct.rules.xa105
import data.xacct.test.fixtures

without_admins := fixtures.article_without([["statements", "key-policy", "root"], ["statements", "key-policy", "admins"]])

test_article_has_administrators if {
	count(xa105.deny) == 0 with input as fixtures.article
}

test_admin_role_alone_is_enough if {
	count(xa105.deny) == 0 with input as fixtures.article_without([["statements", "key-policy", "root"]])
}

test_no_administrator if {
	findings := xa105.deny with input as without_admins
	count(findings) == 1
	some f in findings
	contains(f.message, "allows kms:PutKeyPolicy")
	contains(f.message, "KMS refuses the key policy")
	contains(f.message, "arn:aws:iam::111111111111:root")
	f.loc.pointer == "/Resources/KMSKey/Properties/KeyPolicy"
}

test_bypass_lockout_makes_it_unmanageable if {
	inp := json.patch(without_admins, [{"op": "replace", "path": "/keys/0/bypassLockout", "value": true}])
	some f in xa105.deny with input as inp
	contains(f.message, "nobody, not even the account's root user")
}

test_wildcards_count if {
	inp := fixtures.article_with({"statements": {"key-policy": {
		"root": {"actions": ["kms:Put*"]},
		"admins": {"actions": ["kms:Describe*"]},
	}}})
	count(xa105.deny) == 0 with input as inp
	inp2 := fixtures.article_with({"statements": {"key-policy": {
		"root": {"actions": ["kms:Get*"]},
		"admins": {"actions": ["kms:Describe*"]},
	}}})
	count(xa105.deny) == 1 with input as inp2
}

test_deny_statement_is_no_administrator if {
	inp := fixtures.article_with({"statements": {"key-policy": {
		"root": {"effect": "Deny"},
		"admins": {"actions": ["kms:Describe*"]},
	}}})
	count(xa105.deny) == 1 with input as inp
}

test_unknown_action_is_silent if {
	inp := fixtures.article_with({"statements": {"key-policy": {
		"root": {"actions": ["{{?AdminAction}}"]},
		"admins": {"actions": ["kms:Describe*"]},
	}}})
	count(xa105.deny) == 0 with input as inp
}

test_root_only_like_the_default_key_policy if {
	# KMS's default key policy (what the facts builder adds for a key
	# without KeyPolicy) is the root statement alone.
	inp := fixtures.article_without([["statements", "key-policy", "admins"], ["statements", "key-policy", "use"], ["statements", "key-policy", "grants"]])
	count(xa105.deny) == 0 with input as inp
}

test_unreadable_policy_is_silent if {
	some i, pol in without_admins.policies
	pol.id == "key-policy"
	inp := json.patch(without_admins, [{"op": "replace", "path": sprintf("/policies/%d/problems", [i]), "value": [{"message": "x", "loc": fixtures.loc("tools.yaml", "")}]}])
	count(xa105.deny) == 0 with input as inp
}
