package xacct.rules.xa305_test

import data.xacct.rules.xa305
import data.xacct.test.fixtures

good_config := {
	"ApplicationName": "app-ecs",
	"DeploymentGroupName": "app-ecs-dg",
	"TaskDefinitionTemplateArtifact": "BuildArtifact",
	"TaskDefinitionTemplatePath": "taskdef.json",
	"AppSpecTemplateArtifact": "BuildArtifact",
	"AppSpecTemplatePath": "appspec.yaml",
	"Image1ArtifactName": "BuildArtifact",
	"Image1ContainerName": "IMAGE1_NAME",
}

deploy(fields) := json.patch(fixtures.article, [{"op": "replace", "path": fixtures.deploy_action_path, "value": object.union(fixtures.article.pipelines[0].stages[2].actions[0], fields)}])

messages(inp) := {f.message | some f in xa305.deny with input as inp}

test_article_is_silent if {
	count(xa305.deny) == 0 with input as fixtures.article
}

test_full_configuration_is_silent if {
	count(xa305.deny) == 0 with input as deploy({"configuration": good_config})
}

test_missing_keys if {
	findings := xa305.deny with input as deploy({"configuration": json.remove(good_config, ["ApplicationName", "AppSpecTemplateArtifact"])})
	count(findings) == 1
	some f in findings
	contains(f.message, "lacks configuration AppSpecTemplateArtifact, ApplicationName")
	contains(f.message, "the input artifact that holds appspec.yaml")
}

test_empty_value_is_missing if {
	some m in messages(deploy({"configuration": object.union(good_config, {"DeploymentGroupName": ""})}))
	contains(m, "lacks configuration DeploymentGroupName")
}

test_no_configuration_in_pipeline_json if {
	# types recorded (a pipeline.json) and no configuration written
	some m in messages(deploy({"configuration": {}, "types": {"name": "string"}}))
	contains(m, "lacks configuration AppSpecTemplateArtifact, ApplicationName, DeploymentGroupName, TaskDefinitionTemplateArtifact")
}

test_unreadable_configuration_is_silent if {
	# a template's configuration that did not resolve reads as {}
	count(xa305.deny) == 0 with input as deploy({"configuration": {}, "locs": {"configuration": fixtures.loc("t.yaml", "/c")}})
}

test_artifact_not_among_inputs if {
	inp := deploy({
		"configuration": object.union(good_config, {"TaskDefinitionTemplateArtifact": "SourceArtifact"}),
		"locs": {"configuration.TaskDefinitionTemplateArtifact": fixtures.loc("pipeline.json", "/pipeline/stages/2/actions/0/configuration/TaskDefinitionTemplateArtifact")},
	})
	findings := xa305.deny with input as inp
	count(findings) == 1
	some f in findings
	contains(f.message, `reads TaskDefinitionTemplateArtifact from artifact "SourceArtifact", which is not among its inputArtifacts (BuildArtifact)`)
	f.loc.pointer == "/pipeline/stages/2/actions/0/configuration/TaskDefinitionTemplateArtifact"
}

test_image_artifact_not_among_inputs if {
	some m in messages(deploy({"configuration": object.union(good_config, {"Image2ArtifactName": "ImageArtifact"})}))
	contains(m, "reads Image2ArtifactName")
}

test_unknown_inputs_are_silent if {
	inp := deploy({"configuration": object.union(good_config, {"Image1ArtifactName": "Other"}), "inputArtifacts": ["BuildArtifact", "{{?In}}"]})
	count(xa305.deny) == 0 with input as inp
}

test_fifth_image if {
	inp := deploy({"configuration": object.union(good_config, {"Image5ArtifactName": "BuildArtifact", "Image5ContainerName": "X"})})
	ms := messages(inp)
	count(ms) == 2
	every m in ms {
		contains(m, "at most 4 images")
	}
}

test_output_artifacts if {
	findings := xa305.deny with input as deploy({"configuration": good_config, "outputArtifacts": ["DeployOut"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "declares outputArtifacts DeployOut")
}

test_six_inputs if {
	some m in messages(deploy({"configuration": good_config, "inputArtifacts": ["BuildArtifact", "A", "B", "C", "D", "E"]}))
	contains(m, "has 6 input artifacts")
}

test_other_provider_is_silent if {
	count(xa305.deny) == 0 with input as deploy({"provider": "CodeDeploy", "configuration": {"X": "y"}, "outputArtifacts": ["O"]})
}
