# METADATA
# title: CodeDeployToECS action configuration
# description: |
#   An ECS blue/green action (`Deploy` / `AWS` / `CodeDeployToECS`) lacks one
#   of its required configuration keys (ApplicationName,
#   DeploymentGroupName, TaskDefinitionTemplateArtifact,
#   AppSpecTemplateArtifact), names an artifact in
#   TaskDefinitionTemplateArtifact, AppSpecTemplateArtifact or
#   ImageNArtifactName that is not among its inputArtifacts, declares more
#   than 4 images (Image1 to Image4), has more than 5 input artifacts, or
#   declares output artifacts, which this action cannot have. CodePipeline
#   refuses such an action, or the deployment fails when it cannot find
#   the task definition, AppSpec or image file in its inputs.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html
# custom:
#   id: XA305
#   severity: error
#   remediation: |
#     Give the action ApplicationName and DeploymentGroupName of the
#     CodeDeploy application in the target account, set
#     TaskDefinitionTemplateArtifact and AppSpecTemplateArtifact to input
#     artifacts that hold taskdef.json and appspec.yaml, list every artifact
#     the configuration names in inputArtifacts, use at most Image1 to Image4,
#     and remove outputArtifacts.
package xacct.rules.xa305

import data.xacct.lib.facts
import data.xacct.lib.pipelines
import data.xacct.lib.util

required := ["ApplicationName", "DeploymentGroupName", "TaskDefinitionTemplateArtifact", "AppSpecTemplateArtifact"]

ecs_bluegreen contains x if {
	some x in facts.actions
	pipelines.is_provider(x.action, "Deploy", "CodeDeployToECS")
}

deny contains f if {
	some x in ecs_bluegreen
	missing := pipelines.missing_config(x.action, required)
	count(missing) > 0
	f := {
		"message": sprintf(
			"CodeDeployToECS action %s lacks configuration %s, which the action requires: add %s",
			[facts.action_name(x), concat(", ", missing), concat(", ", [hint(k) | some k in missing])],
		),
		"loc": facts.action_loc(x.action, "configuration"),
	}
}

hint(k) := sprintf("%s (the name of the CodeDeploy %s in the target account)", [k, what]) if {
	what := {"ApplicationName": "application", "DeploymentGroupName": "deployment group"}[k]
} else := sprintf("%s (the input artifact that holds %s)", [k, file]) if {
	file := {"TaskDefinitionTemplateArtifact": "taskdef.json", "AppSpecTemplateArtifact": "appspec.yaml"}[k]
}

# Artifact-naming keys: the two templates and Image1..Image4 (and beyond, for the count check).
artifact_key(k) if k in {"TaskDefinitionTemplateArtifact", "AppSpecTemplateArtifact"}

artifact_key(k) if regex.match(`^Image[0-9]+ArtifactName$`, k)

deny contains f if {
	some x in ecs_bluegreen
	some k, v in pipelines.configuration(x.action)
	artifact_key(k)
	pipelines.known(v)
	inputs := {n | some n in pipelines.inputs(x.action)}
	not unknown_inputs(inputs)
	not inputs[v]
	f := {
		"message": sprintf(
			"CodeDeployToECS action %s reads %s from artifact %q, which is not among its inputArtifacts (%s): add {\"name\": %q} to inputArtifacts, or name one of them",
			[facts.action_name(x), k, v, input_list(inputs), v],
		),
		"loc": pipelines.config_loc(x.action, k),
	}
}

unknown_inputs(inputs) if {
	some n in inputs
	not util.is_known(n)
}

input_list(inputs) := concat(", ", sort(inputs)) if {
	count(inputs) > 0
} else := "none"

deny contains f if {
	some x in ecs_bluegreen
	some k, _ in pipelines.configuration(x.action)
	m := regex.find_all_string_submatch_n(`^Image([0-9]+)(ArtifactName|ContainerName)$`, k, 1)
	n := to_number(m[0][1])
	not image_slot(n)
	f := {
		"message": sprintf(
			"CodeDeployToECS action %s declares %s, but the action takes at most 4 images (Image1 to Image4): combine images, or deploy the extra containers in another action",
			[facts.action_name(x), k],
		),
		"loc": pipelines.config_loc(x.action, k),
	}
}

image_slot(n) if n in {1, 2, 3, 4}

deny contains f if {
	some x in ecs_bluegreen
	count(pipelines.outputs_of(x.action)) > 0
	f := {
		"message": sprintf(
			"CodeDeployToECS action %s declares outputArtifacts %s, but this action produces no artifacts and CodePipeline refuses it: remove outputArtifacts (or set it to [])",
			[facts.action_name(x), concat(", ", pipelines.outputs_of(x.action))],
		),
		"loc": facts.action_loc(x.action, "outputArtifacts"),
	}
}

deny contains f if {
	some x in ecs_bluegreen
	n := count(pipelines.inputs(x.action))
	n > 5
	f := {
		"message": sprintf(
			"CodeDeployToECS action %s has %d input artifacts; the action takes 1 to 5: put taskdef.json, appspec.yaml and the image files into fewer artifacts",
			[facts.action_name(x), n],
		),
		"loc": facts.action_loc(x.action, "inputArtifacts"),
	}
}
