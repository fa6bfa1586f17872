# METADATA
# title: Pipeline structure the service refuses
# description: |
#   The pipeline breaks a structural rule that CodePipeline checks when it
#   creates or updates a pipeline (the AWS CLI checks none of them): 2 to 50
#   stages; source actions in the first stage and only there, and nothing
#   else in the first stage; pipeline, stage and action names of 1 to 100
#   characters from `A-Za-z0-9.@-_`, stage names unique in the pipeline and
#   action names unique in their stage; artifact names of 1 to 100
#   characters from `a-zA-Z0-9_-`, each output artifact produced once, each
#   input artifact produced by an earlier stage or an earlier runOrder of the
#   same stage; runOrder from 1 to 999; a category among Source, Build,
#   Deploy, Test, Invoke, Approval, Compute and an owner among AWS,
#   ThirdParty, Custom. The service answers InvalidStructureException or a
#   validation error and the pipeline is not created.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_OutputArtifact.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html
# custom:
#   id: XA304
#   severity: error
#   remediation: |
#     Fix the structure as the message says: put the source actions alone in
#     the first stage, give at least one more stage, rename names outside the
#     allowed characters, give each output artifact a unique name produced
#     before any action reads it, and keep runOrder between 1 and 999.
package xacct.rules.xa304

import data.xacct.lib.facts
import data.xacct.lib.pipelines
import data.xacct.lib.util

# --- Stages -------------------------------------------------------------

deny contains f if {
	some p in input.pipelines
	n := count(p.stages)
	stage_count_wrong(p, n)
	f := {
		"message": sprintf(
			"pipeline %q has %d stage(s); CodePipeline requires 2 to 50 and refuses it: %s",
			[p.name, n, stage_count_fix(n)],
		),
		"loc": object.get(pipelines.locs(p), "stages", p.loc),
	}
}

stage_count_wrong(_, 1)

stage_count_wrong(p, 0) if p.locs.stages

stage_count_wrong(_, n) if n > 50

# staged(p) is true for a pipeline with at least two stages: with fewer, the
# stage count is the one finding (the missing stages explain the rest).
staged(p) if count(p.stages) >= 2

stage_count_fix(n) := "put the source actions in a first stage of their own, followed by the stages that use their artifacts" if {
	n < 2
} else := "split the pipeline, or merge stages into actions that run side by side"

deny contains f if {
	some k, x in facts.actions
	k[1] > 0
	x.action.category == "Source"
	staged(x.pipeline)
	f := {
		"message": sprintf(
			"source action %s is in %s, but CodePipeline accepts source actions only in the first stage: move it to the first stage",
			[facts.action_name(x), pipelines.stage_label(x.pipeline.stages[k[1]], k[1])],
		),
		"loc": facts.action_loc(x.action, "actionTypeId"),
	}
}

deny contains f if {
	some k, x in facts.actions
	k[1] == 0
	staged(x.pipeline)
	c := x.action.category
	pipelines.known(c)
	c != "Source"
	f := {
		"message": sprintf(
			"action %s of category %s is in the first stage, which CodePipeline reserves for source actions: move it to a later stage",
			[facts.action_name(x), c],
		),
		"loc": facts.action_loc(x.action, "actionTypeId"),
	}
}

# --- Names --------------------------------------------------------------

deny contains f if {
	some p in input.pipelines
	bad_name(p.name)
	f := {
		"message": sprintf("pipeline name %q %s: use 1 to 100 characters from A-Z a-z 0-9 . @ - _", [p.name, name_problem(p.name)]),
		"loc": object.get(pipelines.locs(p), "name", p.loc),
	}
}

deny contains f if {
	some p in input.pipelines
	some si, s in p.stages
	bad_name(s.name)
	f := {
		"message": sprintf("the name of stage %d of pipeline %q %s: use 1 to 100 characters from A-Z a-z 0-9 . @ - _", [si + 1, p.name, name_problem(s.name)]),
		"loc": s.loc,
	}
}

deny contains f if {
	some x in facts.actions
	bad_name(x.action.name)
	f := {
		"message": sprintf("the name of an action in stage %q %s: use 1 to 100 characters from A-Z a-z 0-9 . @ - _", [x.stage, name_problem(x.action.name)]),
		"loc": facts.action_loc(x.action, "name"),
	}
}

bad_name(s) if s == ""

bad_name(s) if {
	util.is_known(s)
	not regex.match(pipelines.name_re, s)
}

name_problem(s) := "is empty" if {
	s == ""
} else := sprintf("has %d characters", [count(s)]) if {
	count(s) > 100
} else := "has characters CodePipeline does not allow"

deny contains f if {
	some p in input.pipelines
	some si, s in p.stages
	pipelines.known(s.name)
	some sj, t in p.stages
	sj < si
	t.name == s.name
	f := {
		"message": sprintf("pipeline %q has two stages named %q (stages %d and %d): CodePipeline requires unique stage names; rename one", [p.name, s.name, sj + 1, si + 1]),
		"loc": s.loc,
	}
}

deny contains f if {
	some k, x in facts.actions
	pipelines.known(x.action.name)
	some aj, b in x.pipeline.stages[k[1]].actions
	aj < k[2]
	b.name == x.action.name
	f := {
		"message": sprintf("stage %q has two actions named %q: CodePipeline requires unique action names in a stage; rename one", [x.stage, x.action.name]),
		"loc": facts.action_loc(x.action, "name"),
	}
}

# --- Artifacts ----------------------------------------------------------

deny contains f if {
	some x in facts.actions
	some field in ["inputArtifacts", "outputArtifacts"]
	some name in util.as_list(object.get(x.action, field, []))
	bad_artifact(name)
	f := {
		"message": sprintf("artifact name %q in %s of action %s %s: use 1 to 100 characters from a-z A-Z 0-9 _ -", [name, field, facts.action_name(x), artifact_problem(name)]),
		"loc": facts.action_loc(x.action, field),
	}
}

bad_artifact(s) if s == ""

bad_artifact(s) if {
	util.is_known(s)
	not regex.match(pipelines.artifact_re, s)
}

artifact_problem(s) := "is empty" if {
	s == ""
} else := sprintf("has %d characters", [count(s)]) if {
	count(s) > 100
} else := "has characters CodePipeline does not allow (no spaces, dots or slashes)"

# An output artifact produced by more than one action.
deny contains f if {
	some k, x in facts.actions
	some name in pipelines.outputs_of(x.action)
	pipelines.known(name)
	some other in pipelines.outputs[[k[0], name]]
	[other.stage, other.action] < [k[1], k[2]]
	first := pipelines.action_at(k[0], other.stage, other.action)
	f := {
		"message": sprintf(
			"output artifact %q of action %s is already produced by action %s/%s: CodePipeline requires output artifact names to be unique in the pipeline; rename this one",
			[name, facts.action_name(x), x.pipeline.stages[other.stage].name, first.name],
		),
		"loc": facts.action_loc(x.action, "outputArtifacts"),
		"related": [{"message": "first produced here", "loc": facts.action_loc(first, "outputArtifacts")}],
	}
}

# An input artifact that no action produces.
deny contains f if {
	some k, x in facts.actions
	some name in pipelines.inputs(x.action)
	pipelines.known(name)
	staged(x.pipeline)
	not pipelines.unknown_outputs[k[0]]
	not pipelines.outputs[[k[0], name]]
	f := {
		"message": sprintf(
			"input artifact %q of action %s is not produced by any action of the pipeline, and CodePipeline refuses it: name the outputArtifacts of an earlier action (%s)",
			[name, facts.action_name(x), produced_list(k[0])],
		),
		"loc": facts.action_loc(x.action, "inputArtifacts"),
	}
}

produced_list(pi) := concat(", ", sort(names)) if {
	names := {key[1] | some key, _ in pipelines.outputs; key[0] == pi}
	count(names) > 0
} else := "none is declared"

# An input artifact produced only by actions that run later or at the same time.
deny contains f if {
	some k, x in facts.actions
	some name in pipelines.inputs(x.action)
	pipelines.known(name)
	staged(x.pipeline)
	producers := pipelines.outputs[[k[0], name]]
	count(producers) > 0
	every pr in producers {
		not before(k, pr)
	}
	some pr in producers
	later := pipelines.action_at(k[0], pr.stage, pr.action)
	f := {
		"message": sprintf(
			"input artifact %q of action %s is produced by action %s/%s, which does not run before it: CodePipeline refuses the pipeline. Move the producer to an earlier stage, or give it a lower runOrder in the same stage",
			[name, facts.action_name(x), x.pipeline.stages[pr.stage].name, later.name],
		),
		"loc": facts.action_loc(x.action, "inputArtifacts"),
		"related": [{"message": "produced here", "loc": facts.action_loc(later, "outputArtifacts")}],
	}
}

# before(k, pr) is true when the producer at pr certainly or possibly runs
# before the consumer at k (an unknown runOrder counts as before).
before(k, pr) if pr.stage < k[1]

before(k, pr) if {
	pr.stage == k[1]
	pipelines.run_order(pipelines.action_at(k[0], pr.stage, pr.action)) < pipelines.run_order(pipelines.action_at(k[0], k[1], k[2]))
}

before(k, pr) if {
	pr.stage == k[1]
	not pipelines.run_order(pipelines.action_at(k[0], pr.stage, pr.action))
}

before(k, pr) if {
	pr.stage == k[1]
	not pipelines.run_order(pipelines.action_at(k[0], k[1], k[2]))
}

# --- runOrder, category, owner -------------------------------------------

deny contains f if {
	some x in facts.actions
	n := pipelines.run_order(x.action)
	not between(n, 1, 999)
	f := {
		"message": sprintf("runOrder %d of action %s is outside 1 to 999, and CodePipeline refuses it: use a runOrder from 1 to 999 (actions of a stage with the same runOrder run in parallel)", [n, facts.action_name(x)]),
		"loc": facts.action_loc(x.action, "runOrder"),
	}
}

between(n, lo, hi) if {
	n >= lo
	n <= hi
}

deny contains f if {
	some x in facts.actions
	c := x.action.category
	pipelines.known(c)
	not pipelines.categories[c]
	f := {
		"message": sprintf("category %q of action %s is not one CodePipeline accepts: use one of %s%s", [c, facts.action_name(x), concat(", ", sort(pipelines.categories)), suggestion(c, pipelines.categories)]),
		"loc": facts.action_loc(x.action, "actionTypeId"),
	}
}

deny contains f if {
	some x in facts.actions
	o := x.action.owner
	pipelines.known(o)
	not pipelines.owners[o]
	f := {
		"message": sprintf("owner %q of action %s is not one CodePipeline accepts: use one of %s%s", [o, facts.action_name(x), concat(", ", sort(pipelines.owners)), suggestion(o, pipelines.owners)]),
		"loc": facts.action_loc(x.action, "actionTypeId"),
	}
}

# suggestion(v, allowed) proposes the allowed value v most likely means.
suggestion(v, allowed) := sprintf(" (%s?)", [s]) if {
	some s in allowed
	lower(s) == lower(v)
} else := sprintf(" (%s?)", [s]) if {
	some s in allowed
	startswith(lower(v), lower(s))
} else := ""
