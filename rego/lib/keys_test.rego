package xacct.lib.keys_test

import data.xacct.lib.keys
import data.xacct.test.fixtures

test_store_keys_of_the_article if {
	xs := [x | some x in keys.store_keys] with input as fixtures.article
	count(xs) == 1
	xs[0].key.id == "tools.yaml#KMSKey"
	keys.pipeline_key_ids == {"tools.yaml#KMSKey"} with input as fixtures.article
}

test_key_label_and_region if {
	some x in keys.store_keys with input as fixtures.article
	keys.key_label(x.store, x.key) == fixtures.key_arn
	keys.key_region(x.store, x.key) == fixtures.region
	keys.store_region(x.pipeline, x.store) == fixtures.region
}

test_key_region_from_fact_when_arn_unknown if {
	k := {"id": "k", "arn": "{{?K.Arn}}", "region": "eu-west-1"}
	keys.key_region({"encryptionKey": {"id": "{{?K.Arn}}"}}, k) == "eu-west-1"
}

test_direct_decision_leaves_out_roots if {
	k := fixtures.key
	req := {"action": "kms:Decrypt", "resource": fixtures.key_arn, "principal": {"type": "AWS", "arn": "arn:aws:iam::222222222222:role/other", "account": "222222222222"}}
	keys.direct_decision(k, req).level == 0 with input as fixtures.article
	pipe := {"type": "AWS", "arn": fixtures.pipeline_role_arn, "account": fixtures.acct_a}
	keys.direct_decision(k, object.union(req, {"principal": pipe})).level == 2 with input as fixtures.article
}

test_restricts_caller if {
	keys.restricts_caller({"conditions": [{"operator": "StringEquals", "key": "KMS:CallerAccount", "values": ["111111111111"]}]})
	not keys.restricts_caller({"conditions": [{"operator": "Bool", "key": "kms:GrantIsForAWSResource", "values": ["true"]}]})
	not keys.restricts_caller({"conditions": []})
	keys.has_condition_key({"conditions": [{"operator": "Bool", "key": "kms:GrantIsForAWSResource", "values": ["true"]}]}, "KMS:GrantIsForAwsResource")
}

test_is_everyone if {
	keys.is_everyone(fixtures.everyone)
	keys.is_everyone(fixtures.aws("*"))
	not keys.is_everyone(fixtures.aws("111111111111"))
}
