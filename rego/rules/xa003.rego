# METADATA
# title: Malformed ARN or account ID
# description: |
#   A value does not have the form its field needs: a roleArn that is not
#   `arn:aws:iam::ACCOUNT:role/NAME`, a key ARN without `key/`, an account ID
#   that is not 12 digits, a principal that is neither an account, a root
#   ARN, a role/user ARN nor a service. AWS refuses such a value: IAM, KMS and
#   S3 reject the whole policy on an invalid principal or resource, and
#   CodePipeline rejects a pipeline whose roleArn does not match its pattern.
#   Values with unknown parts (parameters, !GetAtt) are checked only as far
#   as they are known; placeholders are XA002's.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html
# custom:
#   id: XA003
#   severity: error
#   remediation: |
#     Write the value in the form the message gives. Account IDs are exactly
#     12 digits (keep leading zeros; quote them in YAML so they stay strings).
#     IAM ARNs have an empty region field: `arn:aws:iam::123456789012:role/name`.
package xacct.rules.xa003

import data.xacct.lib.util

# Expected shape and a regular expression per kind of field.
shapes := {
	"role-arn": {
		"want": "a role ARN, arn:aws:iam::ACCOUNT:role/NAME",
		"re": `^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\w+=,.@/-]+$`,
		"service": "iam",
	},
	"key-arn": {
		"want": "a KMS key ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID",
		"re": `^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[\w/+=,.@-]+)$`,
		"service": "kms",
	},
	"key-ref": {
		"want": "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), key ID or alias",
		"re": `^(arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[\w/+=,.@-]+)|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32}|alias/[\w/+=,.@-]+)$`,
		"service": "kms",
	},
	"bucket-arn": {
		"want": "an S3 ARN, arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY",
		"re": `^arn:aws(-[a-z]+)*:s3:::[a-z0-9*?][a-z0-9.*?-]*(/.*)?$`,
		"service": "s3",
	},
	"account-id": {
		"want": "a 12-digit account ID",
		"re": `^[0-9]{12}$`,
	},
	"principal": {
		"want": "a principal: *, a 12-digit account ID, arn:aws:iam::ACCOUNT:root, a role or user ARN, or a service name",
		"re": `^(\*|[0-9]{12}|arn:aws(-[a-z]+)*:iam::[0-9]{12}:(root|role/.+|user/.+)|arn:aws(-[a-z]+)*:sts::[0-9]{12}:(assumed-role|federated-user)/.+|[a-z0-9.-]+\.amazonaws\.com(\.cn)?|[0-9a-f]{64}|A[RI]OA[A-Z0-9]{16,})$`,
	},
	"arn": {
		"want": "an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE) or *",
		"re": `^(\*|arn:(\*|aws(-[a-z]+)*):[a-z0-9*?-]+:[a-z0-9*?-]*:([0-9]{12}|aws|[0-9*?]*\*[0-9*?]*|)?:.+)$`,
	},
}

deny contains f if {
	some v in input.values
	shape := shapes[v.expect]
	is_string(v.value)
	not regex.match(`<[^<>]+>`, v.value) # placeholders: XA002
	problem := problem_of(v.value, shape)
	f := {
		"message": sprintf("%s %q is not %s%s%s", [v.field, v.value, shape.want, problem, consequence(v)]),
		"loc": v.loc,
	}
}

# problem_of(value, shape) is "" or a hint when value is malformed; undefined when fine.
problem_of(value, shape) := hint(value) if {
	util.is_known(value)
	not regex.match(shape.re, value)
}

# A value with unknown parts: check what is known of an ARN's structure.
problem_of(value, shape) := hint(value) if {
	util.is_unknown(value)
	startswith(value, "arn:")
	filled := regex.replace(value, util.unknown_re, "X")
	not structure_ok(filled, shape)
}

structure_ok(filled, shape) if {
	parts := split(filled, ":")
	count(parts) >= 6
	service_ok(parts[2], shape)
}

service_ok(_, shape) if not shape.service

service_ok(service, shape) if service in {shape.service, "X"}

# hint(value) explains the most likely mistake.
hint(value) := sprintf(" (the account ID %s has %d digits, not 12)", [digits, count(digits)]) if {
	regex.match(`^[0-9]+$`, value)
	digits := value
	count(digits) != 12
} else := sprintf(" (the account ID %s has %d digits, not 12)", [acct, count(acct)]) if {
	parts := split(value, ":")
	count(parts) >= 6
	acct := parts[4]
	regex.match(`^[0-9]+$`, acct)
	count(acct) != 12
} else := " (an ARN has six colon-separated fields: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)" if {
	startswith(value, "arn:")
	count(split(value, ":")) < 6
} else := " (IAM ARNs have an empty region field: arn:aws:iam::ACCOUNT:...)" if {
	regex.match(`^arn:aws[a-z-]*:iam:[^:]+:`, value)
} else := " (account IDs contain digits only)" if {
	regex.match(`^[0-9-]+$`, value)
} else := ""

consequence(v) := "; AWS refuses the whole policy while a principal is invalid" if {
	startswith(v.field, "Principal")
} else := "; IAM refuses the whole policy while a Resource is not an ARN or *" if {
	startswith(v.field, "Resource")
} else := "; CodePipeline refuses the pipeline" if {
	v.field in {"roleArn", "encryptionKey.id"}
} else := ""
