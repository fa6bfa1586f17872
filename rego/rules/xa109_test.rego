package xacct.rules.xa109_test

import data.xacct.rules.xa109
import data.xacct.test.fixtures

other_arn := "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"

with_store_key(id) := json.patch(fixtures.article, [{"op": "replace", "path": "/pipelines/0/artifactStores/0/encryptionKey/id", "value": id}])

test_article_same_region if {
	count(xa109.deny) == 0 with input as fixtures.article
}

test_key_arn_in_other_region if {
	findings := xa109.deny with input as with_store_key(other_arn)
	count(findings) == 1
	some f in findings
	contains(f.message, "artifact store in ap-northeast-1 uses key")
	contains(f.message, "in us-east-1")
	f.loc.pointer == "/pipeline/artifactStore/encryptionKey"
}

test_artifact_stores_entry_region if {
	inp := json.patch(fixtures.article, [{"op": "replace", "path": "/pipelines/0/artifactStores/0/region", "value": "eu-west-1"}])
	count(xa109.deny) == 1 with input as inp
}

test_key_fact_region_when_arn_unknown if {
	inp := json.patch(with_store_key("{{?KMSKey.Arn}}"), [
		{"op": "replace", "path": "/keys/0/arn", "value": "{{?KMSKey.Arn}}"},
		{"op": "replace", "path": "/keys/0/region", "value": "us-west-2"},
	])
	count(xa109.deny) == 1 with input as inp
}

test_unknown_regions_are_silent if {
	inp := json.patch(with_store_key("{{?KMSKey.Arn}}"), [
		{"op": "replace", "path": "/keys/0/arn", "value": "{{?KMSKey.Arn}}"},
		{"op": "replace", "path": "/keys/0/region", "value": ""},
	])
	count(xa109.deny) == 0 with input as inp
	inp2 := json.patch(with_store_key(other_arn), [{"op": "replace", "path": "/pipelines/0/region", "value": ""}])
	count(xa109.deny) == 0 with input as inp2
	inp3 := json.patch(with_store_key("arn:aws:kms:{{?AWS::Region}}:111111111111:key/x"), [])
	count(xa109.deny) == 0 with input as inp3
}
