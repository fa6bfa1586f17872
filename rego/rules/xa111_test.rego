package xacct.rules.xa111_test

import data.xacct.rules.xa111
import data.xacct.test.fixtures

build_action_path := "/pipelines/0/stages/1/actions/0"

project(fields) := object.union(
	{
		"id": "build.yaml#Build", "name": "build-app", "account": fixtures.acct_a, "region": fixtures.region,
		"encryptionKey": fixtures.key_arn, "loc": fixtures.loc("build.yaml", "/Resources/Build"),
		"locs": {"EncryptionKey": fixtures.loc("build.yaml", "/Resources/Build/Properties/EncryptionKey")},
	},
	fields,
)

# The article with its build action naming project build-app, and projects.
with_projects(ps) := json.patch(fixtures.article, [
	{"op": "add", "path": "/projects", "value": ps},
	{"op": "add", "path": concat("", [build_action_path, "/configuration"]), "value": {"ProjectName": "build-app"}},
])

test_project_with_the_store_key if {
	count(xa111.deny) == 0 with input as with_projects([project({})])
	count(xa111.deny) == 0 with input as with_projects([project({"encryptionKey": "1234abcd-12ab-34cd-56ef-1234567890ab"})])
}

test_article_has_no_project_in_its_files if {
	count(xa111.deny) == 0 with input as fixtures.article
	count(xa111.deny) == 0 with input as with_projects([project({"name": "other", "encryptionKey": ""})])
}

test_no_encryption_key if {
	unset := object.union(object.remove(project({"encryptionKey": ""}), ["locs"]), {"locs": {}})
	findings := xa111.deny with input as with_projects([unset])
	count(findings) == 1
	some f in findings
	contains(f.message, "sets no EncryptionKey")
	contains(f.message, "aws/s3")
	contains(f.message, "action Deploy/Deploy in another account reads its output")
	contains(f.message, fixtures.key_arn)
	f.loc.pointer == "/Resources/Build"
}

test_aws_managed_alias if {
	some f in xa111.deny with input as with_projects([project({"encryptionKey": "alias/aws/s3"})])
	contains(f.message, "AWS managed key alias/aws/s3")
	f.loc.pointer == "/Resources/Build/Properties/EncryptionKey"
}

test_other_key if {
	other := "arn:aws:kms:ap-northeast-1:111111111111:key/99999999-12ab-34cd-56ef-1234567890ab"
	some f in xa111.deny with input as with_projects([project({"encryptionKey": other})])
	contains(f.message, "not the artifact store's key")
}

test_unknown_keys_are_silent if {
	count(xa111.deny) == 0 with input as with_projects([project({"encryptionKey": "{{?BuildKey}}"})])
	count(xa111.deny) == 0 with input as with_projects([project({"encryptionKey": "alias/pipeline"})])
}

test_output_not_used_cross_account if {
	inp := json.patch(with_projects([project({"encryptionKey": ""})]), [{"op": "replace", "path": "/pipelines/0/stages/2/actions/0/inputArtifacts", "value": ["SourceArtifact"]}])
	count(xa111.deny) == 0 with input as inp
}

test_ambiguous_project_name_is_silent if {
	count(xa111.deny) == 0 with input as with_projects([project({"encryptionKey": ""}), project({"id": "b.yaml#B", "encryptionKey": ""})])
}
