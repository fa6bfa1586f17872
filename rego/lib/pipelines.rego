# METADATA
# description: |
#   Questions the pipeline declaration rules (XA301–XA309) ask about a
#   pipeline: which values are known, an action's runOrder, which actions
#   produce an artifact, and the configuration of an action when it can be
#   read. Values with unknown parts ("{{?…}}", "<…>") are never judged.
package xacct.lib.pipelines

import data.xacct.lib.facts
import data.xacct.lib.util

# known(s) is true for a non-empty string without unknown parts.
known(s) if {
	util.is_known(s)
	s != ""
}

# name_re is the pattern of pipeline, stage and action names (1–100 characters).
name_re := `^[A-Za-z0-9.@\-_]{1,100}$`

# artifact_re is the pattern of artifact names (1–100 characters).
artifact_re := `^[a-zA-Z0-9_\-]{1,100}$`

# categories are the action categories the API accepts.
categories := {"Source", "Build", "Deploy", "Test", "Invoke", "Approval", "Compute"}

# owners are the action owners the API accepts.
owners := {"AWS", "ThirdParty", "Custom"}

# run_order(a) is an action's runOrder as a number (1 when absent);
# undefined when it is unknown or not an integer.
run_order(a) := 1 if {
	object.get(a, "runOrder", "") == ""
} else := to_number(a.runOrder) if {
	regex.match(`^-?[0-9]+$`, a.runOrder)
}

# is_provider(a, category, provider) is true for an AWS-owned action of that
# category and provider.
is_provider(a, category, provider) if {
	a.owner == "AWS"
	a.category == category
	a.provider == provider
}

# configuration(a) is the action's configuration map ({} when absent or null).
configuration(a) := c if {
	c := a.configuration
	is_object(c)
} else := {}

# config_readable(a) is true when the action's configuration is known: it
# has keys, or a pipeline.json certainly has none (its field types are
# recorded and "configuration" is not among them). A configuration that is
# an unresolved intrinsic reads as an empty map and is not judged.
config_readable(a) if count(configuration(a)) > 0

config_readable(a) if {
	types := a.types
	is_object(types)
	not types.configuration
}

# config_loc(a, key) is where configuration key is written, else where the
# configuration is, else the action.
config_loc(a, key) := l if {
	l := a.locs[concat(".", ["configuration", key])]
} else := facts.action_loc(a, "configuration")

# inputs(a) / outputs_of(a) are the action's artifact names ([] when null).
inputs(a) := util.as_list(object.get(a, "inputArtifacts", []))

outputs_of(a) := util.as_list(object.get(a, "outputArtifacts", []))

# locs(x) is a fact's locs ({} when null).
locs(x) := l if {
	l := x.locs
	is_object(l)
} else := {}

# missing_config(a, keys) are the keys of a readable configuration that are
# absent or empty, sorted.
missing_config(a, keys) := sort([k |
	some k in keys
	object.get(configuration(a), k, "") == ""
]) if {
	config_readable(a)
}

# outputs[[pi, name]] are the positions {"stage", "action"} of the actions
# of pipeline pi that produce artifact name. A complete object, built once,
# so that lookups do not re-run the scan.
outputs := {[pi, name]: positions |
	some pi, p in input.pipelines
	names := {name | some s in p.stages; some a in s.actions; some name in outputs_of(a)}
	some name in names
	positions := {{"stage": si, "action": ai} |
		some si, s in p.stages
		some ai, a in s.actions
		name in outputs_of(a)
	}
}

# unknown_outputs[pi] is true when an output artifact name of pipeline pi is
# unknown: then any input might be produced by it.
unknown_outputs contains pi if {
	some pi, p in input.pipelines
	some s in p.stages
	some a in s.actions
	some name in outputs_of(a)
	not util.is_known(name)
}

# action_at(pi, si, ai) is the action at that position.
action_at(pi, si, ai) := input.pipelines[pi].stages[si].actions[ai]

# stage_label(s, si) names a stage in messages.
stage_label(s, si) := sprintf("stage %q", [s.name]) if {
	s.name != ""
} else := sprintf("stage %d", [si + 1])
