package xacct.rules.xa108_test

import data.xacct.rules.xa108
import data.xacct.test.fixtures

with_key(fields) := fixtures.article_with({"keys": {"tools.yaml#KMSKey": fields}})

test_article_key_is_symmetric if {
	count(xa108.deny) == 0 with input as fixtures.article
}

test_asymmetric_key if {
	inp := with_key({"keySpec": "RSA_2048", "locs": {"KeySpec": fixtures.loc("tools.yaml", "/Resources/KMSKey/Properties/KeySpec")}})
	findings := xa108.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "KeySpec RSA_2048")
	f.loc.pointer == "/Resources/KMSKey/Properties/KeySpec"
}

test_signing_and_hmac_keys if {
	count(xa108.deny) == 2 with input as with_key({"keySpec": "ECC_NIST_P256", "keyUsage": "SIGN_VERIFY"})
	count(xa108.deny) == 2 with input as with_key({"keySpec": "HMAC_256", "keyUsage": "GENERATE_VERIFY_MAC"})
}

test_unknown_value_is_silent if {
	count(xa108.deny) == 0 with input as with_key({"keySpec": "{{?KeySpecParam}}"})
}

test_keys_no_store_uses_are_not_judged if {
	inp := json.patch(with_key({"keySpec": "RSA_2048"}), [{"op": "replace", "path": "/pipelines/0/artifactStores/0/key", "value": ""}])
	count(xa108.deny) == 0 with input as inp
}
