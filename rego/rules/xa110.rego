# METADATA
# title: Artifact key rotation is not enabled
# description: |
#   The key an artifact store uses does not set `EnableKeyRotation: true`
#   (CloudFormation's default is false). With automatic rotation KMS makes
#   new key material every year (or the rotation period you set) and keeps
#   the old material to decrypt what it encrypted, so nothing in the pipeline
#   changes. Security baselines (AWS Foundational Security Best Practices
#   KMS.4, CIS) ask for it; this is information, not a fault.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html#cfn-kms-key-enablekeyrotation
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4
# custom:
#   id: XA110
#   severity: info
#   remediation: |
#     Add `EnableKeyRotation: true` to the key's properties.
package xacct.rules.xa110

import data.xacct.lib.keys

deny contains f if {
	some kid in keys.pipeline_key_ids
	some x in keys.store_keys
	x.key.id == kid
	x.key.rotation != "true"
	f := {
		"message": sprintf("automatic rotation of the artifact key %s is %s: add EnableKeyRotation: true", [keys.key_label(x.store, x.key), state(x.key)]),
		"loc": keys.key_loc(x.key, "EnableKeyRotation"),
	}
}

state(k) := "off" if {
	k.rotation == "false"
} else := "not enabled (EnableKeyRotation is not set and defaults to false)" if {
	k.rotation == ""
} else := sprintf("not known (EnableKeyRotation is %s)", [k.rotation])
