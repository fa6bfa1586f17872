# METADATA
# title: Artifact key is not a symmetric encryption key
# description: |
#   The key an artifact store uses has a KeySpec other than
#   `SYMMETRIC_DEFAULT` or a KeyUsage other than `ENCRYPT_DECRYPT`. S3
#   server-side encryption, which CodePipeline uses for its artifacts,
#   supports only symmetric encryption KMS keys: with an asymmetric or HMAC
#   key every artifact upload fails. Keys no artifact store uses are not
#   judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html
# custom:
#   id: XA108
#   severity: error
#   remediation: |
#     Use a key with `KeySpec: SYMMETRIC_DEFAULT` and `KeyUsage:
#     ENCRYPT_DECRYPT` (the defaults: remove both properties). KeySpec and
#     KeyUsage cannot be changed on an existing key, so CloudFormation
#     replaces it.
package xacct.rules.xa108

import data.xacct.lib.keys
import data.xacct.lib.util

wanted := {"KeySpec": "SYMMETRIC_DEFAULT", "KeyUsage": "ENCRYPT_DECRYPT"}

field := {"KeySpec": "keySpec", "KeyUsage": "keyUsage"}

deny contains f if {
	some x in keys.store_keys
	some prop, want in wanted
	got := object.get(x.key, field[prop], want)
	util.is_known(got)
	got != ""
	got != want
	f := {
		"message": sprintf(
			"the artifact key %s has %s %s: S3 encrypts artifacts only with symmetric encryption keys, so CodePipeline cannot write them; use a key with %s %s",
			[keys.key_label(x.store, x.key), prop, got, prop, want],
		),
		"loc": keys.key_loc(x.key, prop),
		"related": [{"message": "the artifact store uses the key here", "loc": keys.store_key_loc(x.store)}],
	}
}
