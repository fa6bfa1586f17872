// Package facts turns parsed documents into one normalised picture of a
// cross-account setup — policies and their statements, roles, keys, buckets
// and pipelines — that the Rego rules query without caring which file or
// syntax a fact came from. Every fact carries the source location it came
// from, so that every finding can point at a line.
//
// The JSON form of Input is the rules' `input`; it is documented for rule
// authors in docs/custom-rules.md.
//
// # Unknown values
//
// Values that cannot be known statically (a Ref to a parameter without a
// default, an account that no binding names, a GetAtt of a resource whose
// physical name CloudFormation generates) stay symbolic: the unknown part of
// a string is written as "{{?…}}", e.g. "arn:aws:iam::{{?AWS::AccountId}}:root"
// or "{{?ArtifactBucket.Arn}}". Two identical symbolic strings denote the same
// thing; otherwise rules treat "{{?…}}" as "could be anything" and must not
// report a missing grant that such a value might provide.
package facts

// Unknown markers in symbolic strings.
const (
	UnknownOpen  = "{{?"
	UnknownClose = "}}"
)

// Loc is where a fact came from.
type Loc struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Pointer string `json:"pointer"` // JSON pointer into the document, "/Resources/Key/Properties/KeyPolicy/Statement/0"
}

// Input is everything the rules see in one evaluation.
type Input struct {
	Version    int          `json:"version"` // 1
	Files      []File       `json:"files"`
	Policies   []Policy     `json:"policies"`
	Statements []Statement  `json:"statements"`
	Roles      []Role       `json:"roles"`
	Keys       []Key        `json:"keys"`
	Buckets    []Bucket     `json:"buckets"`
	Pipelines  []Pipeline   `json:"pipelines"`
	Values     []Value      `json:"values"`     // checked literal values (ARNs, account IDs, placeholders)
	Unresolved []Unresolved `json:"unresolved"` // things the builder could not pin down, for info findings
	// Projects are the CodeBuild projects (AWS::CodeBuild::Project) of the
	// templates; absent when there are none.
	Projects []Project `json:"projects,omitempty"`
	// Errors are files that could not be parsed (XA001), filled in by the linter.
	Errors []Problem `json:"errors"`
}

// File is one document that contributed facts.
type File struct {
	Path    string `json:"path"`
	Kind    string `json:"kind"`    // source.DocKind
	Format  string `json:"format"`  // yaml | json
	Account string `json:"account"` // bound or inferred account, "" if unknown
}

// Policy kinds.
const (
	PolicyKey      = "key"      // KMS key policy (resource policy of a key)
	PolicyBucket   = "bucket"   // S3 bucket policy
	PolicyIdentity = "identity" // IAM identity policy (inline, AWS::IAM::Policy/ManagedPolicy, managed)
	PolicyTrust    = "trust"    // role trust policy (AssumeRolePolicyDocument)
	PolicyUnknown  = "unknown"  // bare policy JSON whose use cannot be told
)

// Policy is one policy document.
type Policy struct {
	ID   string `json:"id"`   // unique in the input: "<file>#<pointer>" or "managed:<name>"
	Kind string `json:"kind"` // Policy* constants
	// Owner is the id of the key, bucket or role the policy belongs to
	// ("" for a bare policy that nothing attaches).
	Owner string `json:"owner"`
	// Account owning the policy's resource, "" if unknown.
	Account string `json:"account"`
	// Version as written ("" when absent).
	Version string `json:"version"`
	// Managed is the AWS managed policy name when the policy came from the
	// managed-policy data file ("AWSCodeDeployRoleForECS").
	Managed string `json:"managed,omitempty"`
	// Default is true for the default key policy that KMS attaches to a
	// key declared without KeyPolicy (the account's root may do kms:*),
	// which the builder adds so that rules see what AWS applies.
	Default    bool     `json:"default,omitempty"`
	Statements []string `json:"statements"` // Statement ids, in order
	Loc        Loc      `json:"loc"`
	// Problems found while reading the policy's shape (not a list, not a map).
	Problems []Problem `json:"problems"`
}

// Statement is one policy statement with its fields normalised to lists.
type Statement struct {
	ID     string `json:"id"`     // unique in the input
	Policy string `json:"policy"` // Policy id
	Kind   string `json:"kind"`   // the policy's kind, repeated for convenience
	Owner  string `json:"owner"`  // the policy's owner, repeated
	// Account that owns the resource the policy governs ("" unknown).
	Account string `json:"account"`
	Sid     string `json:"sid"`
	Effect  string `json:"effect"` // as written: "Allow", "Deny", or anything else (XA005)
	// Principals: {"type": "AWS"|"Service"|"Federated"|"CanonicalUser"|"*", "value": "..."}.
	// Principal "*" becomes [{"type": "*", "value": "*"}]; {"AWS": "*"} becomes type AWS value "*".
	Principals    []Principal `json:"principals"`
	NotPrincipals []Principal `json:"notPrincipals"`
	Actions       []string    `json:"actions"`
	NotActions    []string    `json:"notActions"`
	Resources     []string    `json:"resources"`
	NotResources  []string    `json:"notResources"`
	Conditions    []Condition `json:"conditions"`
	// Has records which keys were present, for grammar rules (XA005).
	Has StatementKeys `json:"has"`
	Loc Loc           `json:"loc"`
	// Locs of the statement's fields, by key: "Principal", "Action", "Resource", "Condition", "Effect".
	Locs map[string]Loc `json:"locs"`
}

// StatementKeys says which keys a statement has.
type StatementKeys struct {
	Principal    bool `json:"principal"`
	NotPrincipal bool `json:"notPrincipal"`
	Action       bool `json:"action"`
	NotAction    bool `json:"notAction"`
	Resource     bool `json:"resource"`
	NotResource  bool `json:"notResource"`
	Condition    bool `json:"condition"`
	// Unknown lists keys IAM does not know.
	Unknown []string `json:"unknown"`
}

// Principal is one principal of a statement.
type Principal struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	// Account is the 12-digit account the principal belongs to when it is an
	// AWS principal ("123456789012", "arn:aws:iam::123456789012:root",
	// "arn:aws:iam::123456789012:role/x"); "" otherwise or when unknown.
	Account string `json:"account"`
	// Root is true for an account principal (bare ID or ":root").
	Root bool `json:"root"`
}

// Condition is one operator/key pair of a Condition block.
type Condition struct {
	Operator string   `json:"operator"` // as written: "StringEquals", "ForAnyValue:StringLike", "BoolIfExists"
	Key      string   `json:"key"`      // as written; compare case-insensitively
	Values   []string `json:"values"`   // always a list of strings ("true", "false", numbers as text)
}

// Role is an IAM role with everything attached to it.
type Role struct {
	ID      string `json:"id"`      // "<file>#<logicalId>" or the ARN for a role known only by ARN
	Name    string `json:"name"`    // RoleName, possibly symbolic
	Arn     string `json:"arn"`     // possibly symbolic
	Account string `json:"account"` // "" unknown
	// Trust is the Policy id of the trust policy ("" none found).
	Trust string `json:"trust"`
	// Policies are the identity Policy ids attached: inline, AWS::IAM::Policy
	// and ManagedPolicy naming the role, and known AWS managed policies.
	Policies []string `json:"policies"`
	// ManagedPolicyArns as written, with whether their content is known.
	ManagedPolicies []ManagedRef `json:"managedPolicies"`
	// Complete is false when something attached to the role is not known
	// (an unknown managed policy, an attachment through an unresolved
	// reference): a missing permission is then unknown, not an error.
	Complete bool `json:"complete"`
	Loc      Loc  `json:"loc"`
}

// ManagedRef is one entry of ManagedPolicyArns.
type ManagedRef struct {
	Arn    string `json:"arn"`
	Known  bool   `json:"known"`
	Policy string `json:"policy"` // Policy id when known
	Loc    Loc    `json:"loc"`
}

// Key is a KMS key.
type Key struct {
	ID       string   `json:"id"`    // "<file>#<logicalId>" or the key ARN
	Arn      string   `json:"arn"`   // possibly symbolic
	KeyID    string   `json:"keyId"` // UUID when known
	Account  string   `json:"account"`
	Region   string   `json:"region"`
	Aliases  []string `json:"aliases"`  // "alias/name"
	KeySpec  string   `json:"keySpec"`  // default SYMMETRIC_DEFAULT
	KeyUsage string   `json:"keyUsage"` // default ENCRYPT_DECRYPT
	// Rotation: "true", "false", or "" when not set (CloudFormation default false).
	Rotation      string         `json:"rotation"`
	BypassLockout bool           `json:"bypassLockout"`
	Policy        string         `json:"policy"` // Policy id, "" none
	Loc           Loc            `json:"loc"`
	Locs          map[string]Loc `json:"locs"`
}

// Bucket is an S3 bucket.
type Bucket struct {
	ID      string `json:"id"`
	Name    string `json:"name"` // possibly symbolic
	Arn     string `json:"arn"`  // "arn:aws:s3:::name", possibly symbolic
	Account string `json:"account"`
	Region  string `json:"region"`
	// Encryption is the default SSE algorithm: "aws:kms", "aws:kms:dsse", "AES256", or "" (none set).
	Encryption string `json:"encryption"`
	KMSKey     string `json:"kmsKey"`
	// Versioning: "Enabled", "Suspended", or "".
	Versioning string `json:"versioning"`
	// ObjectOwnership is OwnershipControls' rule as written
	// ("BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"), ""
	// when not set (S3 then applies BucketOwnerEnforced to a new bucket).
	ObjectOwnership string `json:"objectOwnership,omitempty"`
	// PublicAccessBlock: nil when absent; else the four flags.
	PublicAccessBlock *PublicAccessBlock `json:"publicAccessBlock"`
	// Policies are bucket Policy ids (normally one).
	Policies []string       `json:"policies"`
	Loc      Loc            `json:"loc"`
	Locs     map[string]Loc `json:"locs"`
}

// PublicAccessBlock is a bucket's public access block.
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
}

// Project is a CodeBuild project.
type Project struct {
	ID      string `json:"id"`   // "<file>#<logicalId>"
	Name    string `json:"name"` // what Ref returns: Name, or symbolic when CloudFormation names it
	Account string `json:"account"`
	Region  string `json:"region"`
	// EncryptionKey is the project's EncryptionKey as resolved (a key ARN,
	// an alias ARN or "alias/name", possibly symbolic); "" when not set, and
	// CodeBuild then encrypts its output artifacts with the AWS managed key
	// aws/s3.
	EncryptionKey string         `json:"encryptionKey"`
	Loc           Loc            `json:"loc"`
	Locs          map[string]Loc `json:"locs"` // "Name", "EncryptionKey"
}

// Pipeline is a pipeline declaration, from pipeline.json or an
// AWS::CodePipeline::Pipeline resource, in one shape.
type Pipeline struct {
	ID     string `json:"id"`
	Source string `json:"source"` // "pipeline-json" | "template"
	// Role is the id of the Role fact RoleArn names, "" if none is known.
	Role    string `json:"role"`
	Name    string `json:"name"`
	RoleArn string `json:"roleArn"`
	Account string `json:"account"` // account A, "" unknown
	Region  string `json:"region"`  // "" unknown
	// PipelineType as written ("" absent), ExecutionMode as written.
	PipelineType  string `json:"pipelineType"`
	ExecutionMode string `json:"executionMode"`
	HasVariables  bool   `json:"hasVariables"`
	HasTriggers   bool   `json:"hasTriggers"`
	// HasArtifactStore / HasArtifactStores: which of the two keys is present.
	HasArtifactStore  bool            `json:"hasArtifactStore"`
	HasArtifactStores bool            `json:"hasArtifactStores"`
	ArtifactStores    []ArtifactStore `json:"artifactStores"`
	Stages            []Stage         `json:"stages"`
	// Extra are top-level keys the API rejects in a create-pipeline input ("metadata").
	Extra []Field        `json:"extra"`
	Loc   Loc            `json:"loc"`
	Locs  map[string]Loc `json:"locs"`
}

// ArtifactStore is one artifact store (the single artifactStore has Region "").
type ArtifactStore struct {
	Region        string         `json:"region"`
	Type          string         `json:"type"`
	Location      string         `json:"location"`
	EncryptionKey *EncryptionKey `json:"encryptionKey"`
	// Bucket is the id of the Bucket fact that Location names, "" if none is known.
	Bucket string `json:"bucket"`
	// Key is the id of the Key fact the encryption key resolves to, "" if none is known.
	Key string `json:"key"`
	Loc Loc    `json:"loc"`
}

// EncryptionKey is an artifact store's key.
type EncryptionKey struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Loc  Loc    `json:"loc"`
}

// Stage is one pipeline stage.
type Stage struct {
	Name    string   `json:"name"`
	Actions []Action `json:"actions"`
	Loc     Loc      `json:"loc"`
}

// Action is one pipeline action.
type Action struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Owner    string `json:"owner"`
	Provider string `json:"provider"`
	Version  string `json:"version"`
	RoleArn  string `json:"roleArn"` // "" none
	// Role is the id of the Role fact RoleArn names, "" if none is known.
	Role string `json:"role"`
	// Account the action runs in: RoleArn's account, else the pipeline's ("" unknown).
	Account string `json:"account"`
	// Region as written ("" means the pipeline's region).
	Region string `json:"region"`
	// RunOrder as written (string), "" when absent.
	RunOrder  string `json:"runOrder"`
	Namespace string `json:"namespace"`
	// Configuration values as strings.
	Configuration   map[string]string `json:"configuration"`
	InputArtifacts  []string          `json:"inputArtifacts"`
	OutputArtifacts []string          `json:"outputArtifacts"`
	// Extra are action keys the API does not know.
	Extra []Field        `json:"extra"`
	Loc   Loc            `json:"loc"`
	Locs  map[string]Loc `json:"locs"` // "roleArn", "region", "configuration.<Key>", "inputArtifacts", ...
	// Types are the JSON types of the action's fields as written in a
	// pipeline.json ("string", "number", "bool", "map", "list", "null"),
	// keyed like Locs, for the type checks the API makes (runOrder is a
	// number, configuration values are strings). Empty for a template's
	// pipeline, where CloudFormation converts the values.
	Types map[string]string `json:"types,omitempty"`
}

// Field is a named key at a location.
type Field struct {
	Name string `json:"name"`
	Loc  Loc    `json:"loc"`
}

// Value is a literal value in a field whose form is known, for XA002/XA003.
type Value struct {
	// Expect: "role-arn", "key-arn", "key-ref" (ARN, ID or alias), "bucket-arn",
	// "account-id", "principal", "arn", "any" (placeholders only).
	Expect string `json:"expect"`
	Value  string `json:"value"`
	Field  string `json:"field"` // human name of the field, "roleArn", "Principal.AWS"
	Loc    Loc    `json:"loc"`
}

// Unresolved is something the builder could not pin down and that a rule may
// want to mention in an info finding.
type Unresolved struct {
	What string `json:"what"` // "account", "ref", "managed-policy", "import"
	Text string `json:"text"`
	Loc  Loc    `json:"loc"`
}

// Problem is a shape problem found while building facts.
type Problem struct {
	Message string `json:"message"`
	Loc     Loc    `json:"loc"`
}
