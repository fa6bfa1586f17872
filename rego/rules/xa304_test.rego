package xacct.rules.xa304_test

import data.xacct.rules.xa304
import data.xacct.test.fixtures

source_path := "/pipelines/0/stages/0/actions/0"

build_path := "/pipelines/0/stages/1/actions/0"

patched(ops) := json.patch(fixtures.article, ops)

set(path, value) := {"op": "replace", "path": path, "value": value}

messages(inp) := {f.message | some f in xa304.deny with input as inp}

only(inp, text) if {
	ms := messages(inp)
	count(ms) == 1
	some m in ms
	contains(m, text)
}

test_article_is_silent if {
	count(xa304.deny) == 0 with input as fixtures.article
}

test_one_stage_is_one_finding if {
	deploy := fixtures.article.pipelines[0].stages[2]
	inp := patched([
		set("/pipelines/0/stages", [deploy]),
		set("/pipelines/0/locs", {"stages": fixtures.loc("pipeline.json", "/pipeline/stages")}),
	])
	findings := xa304.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, "has 1 stage(s)")
	f.loc.pointer == "/pipeline/stages"
}

test_fifty_one_stages if {
	build := fixtures.article.pipelines[0].stages[1]
	extra := [object.union(build, {"name": sprintf("S%d", [i]), "actions": [object.union(build.actions[0], {"outputArtifacts": []})]}) | some i in numbers.range(1, 49)]
	inp := patched([set("/pipelines/0/stages", array.concat(fixtures.article.pipelines[0].stages, extra))])
	only(inp, "has 52 stage(s)")
}

test_source_action_in_later_stage if {
	only(patched([set(concat("", [fixtures.deploy_action_path, "/category"]), "Source")]), "accepts source actions only in the first stage")
}

test_non_source_in_first_stage if {
	only(patched([set(concat("", [source_path, "/category"]), "Build")]), "reserves for source actions")
}

test_empty_stage_name if {
	only(patched([set("/pipelines/0/stages/1/name", "")]), "the name of stage 2 of pipeline \"cross-pipeline\" is empty")
}

test_stage_name_with_space if {
	only(patched([set("/pipelines/0/stages/1/name", "My Build")]), "has characters CodePipeline does not allow")
}

test_long_action_name if {
	name := concat("", [x | some _ in numbers.range(1, 101); x := "a"])
	only(patched([set(concat("", [build_path, "/name"]), name)]), "has 101 characters")
}

test_unknown_names_are_silent if {
	count(xa304.deny) == 0 with input as patched([
		set("/pipelines/0/stages/1/name", "{{?StageName}}"),
		set(concat("", [build_path, "/name"]), "{{?ActionName}}"),
		set("/pipelines/0/name", "{{?Pipeline}}"),
	])
}

test_duplicate_stage_names if {
	only(patched([set("/pipelines/0/stages/2/name", "Build")]), "two stages named \"Build\" (stages 2 and 3)")
}

test_duplicate_action_names if {
	second := object.union(fixtures.article.pipelines[0].stages[1].actions[0], {"outputArtifacts": ["Other"]})
	only(patched([{"op": "add", "path": "/pipelines/0/stages/1/actions/-", "value": second}]), "two actions named \"Build\"")
}

test_artifact_name_with_dot if {
	inp := patched([
		set(concat("", [build_path, "/outputArtifacts"]), ["Build.zip"]),
		set(concat("", [fixtures.deploy_action_path, "/inputArtifacts"]), ["Build.zip"]),
	])
	count(messages(inp)) == 2 # as output and as input
	every m in messages(inp) {
		contains(m, "no spaces, dots or slashes")
	}
}

test_output_produced_twice if {
	only(patched([set(concat("", [build_path, "/outputArtifacts"]), ["BuildArtifact", "SourceArtifact"])]), "already produced by action Source/Source")
}

test_input_never_produced if {
	only(patched([set(concat("", [fixtures.deploy_action_path, "/inputArtifacts"]), ["Missing"])]), "is not produced by any action")
}

test_input_produced_later if {
	# the build reads what the deploy stage would produce
	inp := patched([
		set(concat("", [build_path, "/inputArtifacts"]), ["DeployOut"]),
		set(concat("", [fixtures.deploy_action_path, "/outputArtifacts"]), ["DeployOut"]),
	])
	only(inp, "produced by action Deploy/Deploy, which does not run before it")
}

test_same_stage_same_run_order if {
	reader := object.union(fixtures.article.pipelines[0].stages[1].actions[0], {"name": "Test", "category": "Test", "inputArtifacts": ["BuildArtifact"], "outputArtifacts": []})
	only(patched([{"op": "add", "path": "/pipelines/0/stages/1/actions/-", "value": reader}]), "does not run before it")
}

test_same_stage_later_run_order_is_silent if {
	reader := object.union(fixtures.article.pipelines[0].stages[1].actions[0], {"name": "Test", "category": "Test", "runOrder": "2", "inputArtifacts": ["BuildArtifact"], "outputArtifacts": []})
	count(xa304.deny) == 0 with input as patched([{"op": "add", "path": "/pipelines/0/stages/1/actions/-", "value": reader}])
}

test_unknown_output_name_is_silent if {
	inp := patched([
		set(concat("", [build_path, "/outputArtifacts"]), ["{{?Out}}"]),
		set(concat("", [fixtures.deploy_action_path, "/inputArtifacts"]), ["Whatever"]),
	])
	count(xa304.deny) == 0 with input as inp
}

test_run_order_zero if {
	only(patched([set(concat("", [fixtures.deploy_action_path, "/runOrder"]), "0")]), "runOrder 0 of action Deploy/Deploy is outside 1 to 999")
}

test_run_order_1000 if {
	only(patched([set(concat("", [fixtures.deploy_action_path, "/runOrder"]), "1000")]), "runOrder 1000")
}

test_run_order_999_and_unknown_are_silent if {
	count(xa304.deny) == 0 with input as patched([
		set(concat("", [fixtures.deploy_action_path, "/runOrder"]), "999"),
		set(concat("", [build_path, "/runOrder"]), "{{?Order}}"),
	])
}

test_category_outside_enum if {
	only(patched([set(concat("", [fixtures.deploy_action_path, "/category"]), "Deployment")]), `category "Deployment"`)
	some m in messages(patched([set(concat("", [fixtures.deploy_action_path, "/category"]), "Deployment")]))
	contains(m, "(Deploy?)")
}

test_owner_outside_enum if {
	only(patched([set(concat("", [fixtures.deploy_action_path, "/owner"]), "aws")]), `owner "aws" of action Deploy/Deploy is not one CodePipeline accepts: use one of AWS, Custom, ThirdParty (AWS?)`)
}
