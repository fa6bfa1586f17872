package xacct.rules.xa303_test

import data.xacct.rules.xa303
import data.xacct.test.fixtures

store(region, location, key) := {
	"region": region, "type": "S3", "location": location,
	"encryptionKey": {"id": key, "type": "KMS", "loc": fixtures.loc("pipeline.json", "/k")},
	"bucket": "", "key": "", "loc": fixtures.loc("pipeline.json", concat("/", ["/pipeline/artifactStores", region])),
}

us_key := "arn:aws:kms:us-east-1:111111111111:key/5678abcd-12ab-34cd-56ef-1234567890ab"

deploy_in(inp, region) := json.patch(inp, [
	{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/region"]), "value": region},
	{"op": "replace", "path": concat("", [fixtures.deploy_action_path, "/locs"]), "value": {"region": fixtures.loc("pipeline.json", "/pipeline/stages/2/actions/0/region")}},
])

multi(stores, pipeline_region) := json.patch(fixtures.article, [
	{"op": "replace", "path": "/pipelines/0/hasArtifactStore", "value": false},
	{"op": "replace", "path": "/pipelines/0/hasArtifactStores", "value": true},
	{"op": "replace", "path": "/pipelines/0/artifactStores", "value": stores},
	{"op": "replace", "path": "/pipelines/0/region", "value": pipeline_region},
])

test_article_is_silent if {
	count(xa303.deny) == 0 with input as fixtures.article
}

test_single_store_other_region if {
	findings := xa303.deny with input as deploy_in(fixtures.article, "us-east-1")
	count(findings) == 1
	some f in findings
	contains(f.message, "runs in region us-east-1")
	contains(f.message, "pipeline's region ap-northeast-1")
	f.loc.pointer == "/pipeline/stages/2/actions/0/region"
}

test_single_store_region_from_key if {
	# pipeline.json: no pipeline region, the key ARN tells it
	inp := json.patch(deploy_in(fixtures.article, "us-east-1"), [{"op": "replace", "path": "/pipelines/0/region", "value": ""}])
	some f in xa303.deny with input as inp
	contains(f.message, "region of its artifact key")
}

test_single_store_unknown_home_is_silent if {
	inp := json.patch(deploy_in(fixtures.article, "us-east-1"), [
		{"op": "replace", "path": "/pipelines/0/region", "value": ""},
		{"op": "replace", "path": "/pipelines/0/artifactStores/0/encryptionKey/id", "value": "{{?KeyArn}}"},
	])
	count(xa303.deny) == 0 with input as inp
}

test_stores_cover_every_region if {
	inp := deploy_in(multi([store("ap-northeast-1", "b1", fixtures.key_arn), store("us-east-1", "b2", us_key)], ""), "us-east-1")
	count(xa303.deny) == 0 with input as inp
}

test_stores_miss_action_region if {
	inp := deploy_in(multi([store("ap-northeast-1", "b1", fixtures.key_arn)], ""), "us-east-1")
	findings := xa303.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "no entry for it (it has ap-northeast-1)")
}

test_stores_miss_pipeline_region if {
	inp := deploy_in(multi([store("us-east-1", "b2", us_key)], "ap-northeast-1"), "us-east-1")
	findings := xa303.deny with input as inp

	# one finding for the pipeline's region, not one more per action that runs there
	count(findings) == 1
	some f in findings
	contains(f.message, "pipeline's own region ap-northeast-1")
}

test_unknown_store_region_is_silent if {
	inp := deploy_in(multi([store("{{?Region}}", "b1", fixtures.key_arn)], "ap-northeast-1"), "us-east-1")
	count(xa303.deny) == 0 with input as inp
}
