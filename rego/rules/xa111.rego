# METADATA
# title: CodeBuild output used cross-account is not encrypted with the pipeline key
# description: |
#   A CodeBuild action's output artifact is the input of an action in
#   another account, and its build project (an `AWS::CodeBuild::Project`
#   among the linted templates) does not encrypt with the artifact store's
#   key: it sets no `EncryptionKey`, so CodeBuild uses the AWS managed key
#   `aws/s3`, or it names `alias/aws/s3` or another key. CodeBuild encrypts
#   the artifacts it uploads with its project's key, not the pipeline's, and
#   the key policy of an AWS managed key cannot be changed to admit another
#   account, so the cross-account action cannot decrypt its input. The rule
#   is silent when the project is not in the linted files, or when its key
#   or the store's key cannot be resolved.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codebuild-project.html#cfn-codebuild-project-encryptionkey
# custom:
#   id: XA111
#   severity: warning
#   remediation: |
#     Set the project's `EncryptionKey` to the artifact store's KMS key ARN
#     (`!GetAtt KMSKey.Arn`), the key whose policy admits the target accounts.
package xacct.rules.xa111

import data.xacct.lib.facts
import data.xacct.lib.util

key_arn_re := `^arn:aws[a-z-]*:kms:[^:]+:[^:]+:key/(.+)$`

uuid_re := `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

# builds are the CodeBuild actions whose outputs an action in another
# account consumes, keyed like facts.actions, with the consumers' names.
builds[k] := object.union(x, {"consumers": consumers}) if {
	some k, x in facts.actions
	x.action.provider == "CodeBuild"
	object.get(x.action, "owner", "AWS") == "AWS"
	outs := {o | some o in util.as_list(object.get(x.action, "outputArtifacts", []))}
	consumers := sort([facts.action_name(y) |
		some y in facts.cross_account_actions
		y.pipeline.id == x.pipeline.id
		some i in util.as_list(object.get(y.action, "inputArtifacts", []))
		outs[i]
	])
	count(consumers) > 0
}

# project(x) is the one CodeBuild project the action's ProjectName names.
project(x) := ps[0] if {
	name := object.get(object.get(x.action, "configuration", {}), "ProjectName", "")
	name != ""
	ps := [p | some p in object.get(input, "projects", []); p.name == name]
	count(ps) == 1
}

deny contains f if {
	some x in builds
	proj := project(x)
	st := facts.store_for(x.pipeline, x.action)
	store_key := store_key_label(st)
	problem := wrong_key(proj, st)
	f := {
		"message": sprintf(
			"CodeBuild project %s of action %s %s, and action%s %s in another account read%s its output: %s cannot decrypt it; set EncryptionKey to the artifact store's key %s",
			[proj.name, facts.action_name(x), problem, plural(x.consumers), concat(", ", x.consumers), verb(x.consumers), pronoun(x.consumers), store_key],
		),
		"loc": util.loc_or(proj, "EncryptionKey", proj.loc),
		"related": [{"message": "the build action", "loc": x.action.loc}],
	}
}

# wrong_key(proj, st) says what is wrong with the project's key, undefined
# when it is (or may be) the store's key.
wrong_key(proj, st) := "sets no EncryptionKey, so CodeBuild encrypts its output with the AWS managed key aws/s3" if {
	proj.encryptionKey == ""
} else := sprintf("encrypts its output with the AWS managed key %s", [proj.encryptionKey]) if {
	regex.match(`(?i)^(arn:aws[a-z-]*:kms:[^:]*:[^:]*:)?alias/aws/s3$`, proj.encryptionKey)
} else := sprintf("encrypts its output with key %s, not the artifact store's key", [proj.encryptionKey]) if {
	pid := key_id(proj.encryptionKey)
	sids := store_key_ids(st)
	count(sids) > 0
	not sids[pid]
}

# key_id(s) is the key ID of a known key ARN or bare key ID.
key_id(s) := lower(m[1]) if {
	util.is_known(s)
	m := regex.find_all_string_submatch_n(key_arn_re, s, 1)[0]
} else := lower(s) if {
	regex.match(uuid_re, s)
}

# store_key_ids(st) are the known key IDs of a store's key.
store_key_ids(st) := {id |
	some s in [object.get(object.get(st, "encryptionKey", {}), "id", ""), _fact_arn(st), _fact_key_id(st)]
	id := key_id(s)
}

_fact_arn(st) := facts.store_key(st).arn if {
	facts.store_key(st)
} else := ""

_fact_key_id(st) := facts.store_key(st).keyId if {
	facts.store_key(st)
} else := ""

store_key_label(st) := arn if {
	arn := facts.store_key_arn(st)
} else := st.encryptionKey.id if {
	st.encryptionKey.id != ""
} else := "(a customer-managed key whose policy admits the target accounts)"

plural(xs) := "s" if {
	count(xs) > 1
} else := ""

pronoun(xs) := "they" if {
	count(xs) > 1
} else := "it"

verb(xs) := "" if {
	count(xs) > 1
} else := "s"
