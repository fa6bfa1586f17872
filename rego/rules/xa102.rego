# METADATA
# title: Artifact store key named by alias or bare key ID
# description: |
#   The artifact store's `encryptionKey.id` names the key by an alias
#   (`alias/name` or an alias ARN) or by a bare key ID while the pipeline has
#   actions in other accounts. Aliases are recognised only in the account that
#   owns the key, so a cross-account action cannot use one. A bare key ID is
#   resolved in the account of the role that uses it: an action in account B
#   that writes artifacts looks for the key in account B, where it does not
#   exist (error); actions that only read still work, because S3 records the
#   key ARN with each object (warning).
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_EncryptionKey.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
# custom:
#   id: XA102
#   severity: error
#   remediation: |
#     Use the full key ARN, `arn:aws:kms:REGION:ACCOUNT_A:key/KEY-ID`, in
#     `encryptionKey.id` (in CloudFormation `!GetAtt Key.Arn`, not `!Ref Key`,
#     which gives the key ID).
package xacct.rules.xa102

import data.xacct.lib.facts
import data.xacct.lib.util

alias_re := `^(alias/|arn:aws[a-z-]*:kms:[^:]*:[^:]*:alias/)`

key_id_re := `^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})$`

# Actions of pipeline p in another account that use store st.
cross_actions(p, st) := [x |
	some x in facts.cross_account_actions
	x.pipeline.id == p.id
	facts.store_for(p, x.action) == st
]

related(p, xs) := [{"message": sprintf("action %s runs in account %s", [facts.action_name(x), facts.action_account(p, x.action)]), "loc": x.action.loc} | some x in xs]

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	id := st.encryptionKey.id
	regex.match(alias_re, id)
	not regex.match(`(^|:)alias/aws/s3$`, id) # XA101
	xs := cross_actions(p, st)
	count(xs) > 0
	f := {
		"message": sprintf("encryptionKey.id %q is an alias: aliases are recognised only in the key's own account, so the pipeline's cross-account actions cannot use it; set encryptionKey.id to the key ARN%s", [id, arn_hint(st)]),
		"loc": st.encryptionKey.loc,
		"related": related(p, xs),
	}
}

deny contains f if {
	some p in input.pipelines
	some st in p.artifactStores
	id := st.encryptionKey.id
	bare_key_id(st, id)
	xs := cross_actions(p, st)
	count(xs) > 0
	writers := [x | some x in xs; facts.writes_artifacts(x.action)]
	f := object.union(
		{
			"message": sprintf("encryptionKey.id %q is a bare key ID%s: an action in another account resolves it in its own account, where no such key exists; %s; set encryptionKey.id to the key ARN%s", [id, ref_note(st, id), consequence(writers), arn_hint(st)]),
			"loc": st.encryptionKey.loc,
			"related": related(p, xs),
		},
		severity(writers),
	)
}

# bare_key_id(st, id): a key ID, or the symbol a CloudFormation Ref of the
# store's key resource gives (Ref of AWS::KMS::Key returns the key ID).
bare_key_id(_, id) if regex.match(key_id_re, id)

bare_key_id(st, id) if ref_of_key(st, id)

ref_of_key(st, id) if {
	util.is_unknown(id)
	not startswith(id, "arn:")
	k := facts.store_key(st)
	endswith(k.arn, concat("", [":key/", id]))
}

ref_note(st, id) := " (!Ref of a KMS key gives its key ID; use !GetAtt KEY.Arn)" if {
	ref_of_key(st, id)
} else := ""

consequence(writers) := sprintf("action %s writes artifacts and will fail", [facts.action_name(writers[0])]) if {
	count(writers) > 0
} else := "the cross-account actions only read artifacts, which works because S3 keeps the key ARN with each object, but any action there that writes will fail"

severity(writers) := {} if count(writers) > 0

else := {"severity": "warning"}

arn_hint(st) := sprintf(" (%s)", [k.arn]) if {
	k := facts.store_key(st)
	startswith(k.arn, "arn:")
} else := ", arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"
