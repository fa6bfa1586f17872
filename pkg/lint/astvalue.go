package lint

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/xacct-lint/xacct-lint/internal/facts"
)

// inputValue converts the facts to the Rego value the rules read: the value
// ast.InterfaceToValue gives for the facts' JSON encoding (field names from
// the json tags, nil slices and maps as null, omitempty fields left out),
// built directly instead of through a JSON round trip, which took most of
// the conversion's time (TestInputValueMatchesJSON keeps the two equal).
func inputValue(in *facts.Input) ast.Value {
	o := newObj(12)
	o.num("version", in.Version)
	o.set("files", arr(in.Files, fileValue))
	o.set("policies", arr(in.Policies, policyValue))
	o.set("statements", arr(in.Statements, statementValue))
	o.set("roles", arr(in.Roles, roleValue))
	o.set("keys", arr(in.Keys, keyValue))
	o.set("buckets", arr(in.Buckets, bucketValue))
	o.set("pipelines", arr(in.Pipelines, pipelineValue))
	o.set("values", arr(in.Values, valueValue))
	o.set("unresolved", arr(in.Unresolved, unresolvedValue))
	if len(in.Projects) > 0 {
		o.set("projects", arr(in.Projects, projectValue))
	}
	o.set("errors", arr(in.Errors, problemValue))
	return o.value()
}

// obj collects the fields of a Rego object.
type obj struct{ terms [][2]*ast.Term }

func newObj(n int) *obj { return &obj{terms: make([][2]*ast.Term, 0, n)} }

func (o *obj) set(k string, v ast.Value) {
	o.terms = append(o.terms, [2]*ast.Term{ast.InternedTerm(k), ast.NewTerm(v)})
}

func (o *obj) str(k, v string) { o.set(k, ast.String(v)) }

func (o *obj) num(k string, v int) { o.set(k, ast.InternedTerm(v).Value) }

func (o *obj) boolean(k string, v bool) { o.set(k, ast.Boolean(v)) }

func (o *obj) value() ast.Value { return ast.NewObject(o.terms...) }

// arr converts a slice; a nil slice is null, as encoding/json has it.
func arr[T any](xs []T, f func(*T) ast.Value) ast.Value {
	if xs == nil {
		return ast.Null{}
	}
	ts := make([]*ast.Term, len(xs))
	for i := range xs {
		ts[i] = ast.NewTerm(f(&xs[i]))
	}
	return ast.NewArray(ts...)
}

func strs(xs []string) ast.Value {
	if xs == nil {
		return ast.Null{}
	}
	ts := make([]*ast.Term, len(xs))
	for i, s := range xs {
		ts[i] = ast.StringTerm(s)
	}
	return ast.NewArray(ts...)
}

func strMap(m map[string]string) ast.Value {
	if m == nil {
		return ast.Null{}
	}
	o := newObj(len(m))
	for k, v := range m {
		o.str(k, v)
	}
	return o.value()
}

func locMap(m map[string]facts.Loc) ast.Value {
	if m == nil {
		return ast.Null{}
	}
	o := newObj(len(m))
	for k, v := range m {
		o.set(k, locValue(&v))
	}
	return o.value()
}

func locValue(l *facts.Loc) ast.Value {
	o := newObj(4)
	o.str("file", l.File)
	o.num("line", l.Line)
	o.num("column", l.Column)
	o.str("pointer", l.Pointer)
	return o.value()
}

func fileValue(f *facts.File) ast.Value {
	o := newObj(4)
	o.str("path", f.Path)
	o.str("kind", f.Kind)
	o.str("format", f.Format)
	o.str("account", f.Account)
	return o.value()
}

func problemValue(p *facts.Problem) ast.Value {
	o := newObj(2)
	o.str("message", p.Message)
	o.set("loc", locValue(&p.Loc))
	return o.value()
}

func policyValue(p *facts.Policy) ast.Value {
	o := newObj(11)
	o.str("id", p.ID)
	o.str("kind", p.Kind)
	o.str("owner", p.Owner)
	o.str("account", p.Account)
	o.str("version", p.Version)
	if p.Managed != "" {
		o.str("managed", p.Managed)
	}
	if p.Default {
		o.boolean("default", true)
	}
	o.set("statements", strs(p.Statements))
	o.set("loc", locValue(&p.Loc))
	o.set("problems", arr(p.Problems, problemValue))
	return o.value()
}

func principalValue(p *facts.Principal) ast.Value {
	o := newObj(4)
	o.str("type", p.Type)
	o.str("value", p.Value)
	o.str("account", p.Account)
	o.boolean("root", p.Root)
	return o.value()
}

func conditionValue(c *facts.Condition) ast.Value {
	o := newObj(3)
	o.str("operator", c.Operator)
	o.str("key", c.Key)
	o.set("values", strs(c.Values))
	return o.value()
}

func statementValue(s *facts.Statement) ast.Value {
	o := newObj(18)
	o.str("id", s.ID)
	o.str("policy", s.Policy)
	o.str("kind", s.Kind)
	o.str("owner", s.Owner)
	o.str("account", s.Account)
	o.str("sid", s.Sid)
	o.str("effect", s.Effect)
	o.set("principals", arr(s.Principals, principalValue))
	o.set("notPrincipals", arr(s.NotPrincipals, principalValue))
	o.set("actions", strs(s.Actions))
	o.set("notActions", strs(s.NotActions))
	o.set("resources", strs(s.Resources))
	o.set("notResources", strs(s.NotResources))
	o.set("conditions", arr(s.Conditions, conditionValue))
	h := newObj(8)
	h.boolean("principal", s.Has.Principal)
	h.boolean("notPrincipal", s.Has.NotPrincipal)
	h.boolean("action", s.Has.Action)
	h.boolean("notAction", s.Has.NotAction)
	h.boolean("resource", s.Has.Resource)
	h.boolean("notResource", s.Has.NotResource)
	h.boolean("condition", s.Has.Condition)
	h.set("unknown", strs(s.Has.Unknown))
	o.set("has", h.value())
	o.set("loc", locValue(&s.Loc))
	o.set("locs", locMap(s.Locs))
	return o.value()
}

func managedRefValue(m *facts.ManagedRef) ast.Value {
	o := newObj(4)
	o.str("arn", m.Arn)
	o.boolean("known", m.Known)
	o.str("policy", m.Policy)
	o.set("loc", locValue(&m.Loc))
	return o.value()
}

func roleValue(r *facts.Role) ast.Value {
	o := newObj(9)
	o.str("id", r.ID)
	o.str("name", r.Name)
	o.str("arn", r.Arn)
	o.str("account", r.Account)
	o.str("trust", r.Trust)
	o.set("policies", strs(r.Policies))
	o.set("managedPolicies", arr(r.ManagedPolicies, managedRefValue))
	o.boolean("complete", r.Complete)
	o.set("loc", locValue(&r.Loc))
	return o.value()
}

func keyValue(k *facts.Key) ast.Value {
	o := newObj(13)
	o.str("id", k.ID)
	o.str("arn", k.Arn)
	o.str("keyId", k.KeyID)
	o.str("account", k.Account)
	o.str("region", k.Region)
	o.set("aliases", strs(k.Aliases))
	o.str("keySpec", k.KeySpec)
	o.str("keyUsage", k.KeyUsage)
	o.str("rotation", k.Rotation)
	o.boolean("bypassLockout", k.BypassLockout)
	o.str("policy", k.Policy)
	o.set("loc", locValue(&k.Loc))
	o.set("locs", locMap(k.Locs))
	return o.value()
}

func bucketValue(b *facts.Bucket) ast.Value {
	o := newObj(13)
	o.str("id", b.ID)
	o.str("name", b.Name)
	o.str("arn", b.Arn)
	o.str("account", b.Account)
	o.str("region", b.Region)
	o.str("encryption", b.Encryption)
	o.str("kmsKey", b.KMSKey)
	o.str("versioning", b.Versioning)
	if b.ObjectOwnership != "" {
		o.str("objectOwnership", b.ObjectOwnership)
	}
	if p := b.PublicAccessBlock; p != nil {
		pab := newObj(4)
		pab.boolean("blockPublicAcls", p.BlockPublicAcls)
		pab.boolean("blockPublicPolicy", p.BlockPublicPolicy)
		pab.boolean("ignorePublicAcls", p.IgnorePublicAcls)
		pab.boolean("restrictPublicBuckets", p.RestrictPublicBuckets)
		o.set("publicAccessBlock", pab.value())
	} else {
		o.set("publicAccessBlock", ast.Null{})
	}
	o.set("policies", strs(b.Policies))
	o.set("loc", locValue(&b.Loc))
	o.set("locs", locMap(b.Locs))
	return o.value()
}

func projectValue(p *facts.Project) ast.Value {
	o := newObj(7)
	o.str("id", p.ID)
	o.str("name", p.Name)
	o.str("account", p.Account)
	o.str("region", p.Region)
	o.str("encryptionKey", p.EncryptionKey)
	o.set("loc", locValue(&p.Loc))
	o.set("locs", locMap(p.Locs))
	return o.value()
}

func fieldValue(f *facts.Field) ast.Value {
	o := newObj(2)
	o.str("name", f.Name)
	o.set("loc", locValue(&f.Loc))
	return o.value()
}

func pipelineValue(p *facts.Pipeline) ast.Value {
	o := newObj(18)
	o.str("id", p.ID)
	o.str("source", p.Source)
	o.str("role", p.Role)
	o.str("name", p.Name)
	o.str("roleArn", p.RoleArn)
	o.str("account", p.Account)
	o.str("region", p.Region)
	o.str("pipelineType", p.PipelineType)
	o.str("executionMode", p.ExecutionMode)
	o.boolean("hasVariables", p.HasVariables)
	o.boolean("hasTriggers", p.HasTriggers)
	o.boolean("hasArtifactStore", p.HasArtifactStore)
	o.boolean("hasArtifactStores", p.HasArtifactStores)
	o.set("artifactStores", arr(p.ArtifactStores, storeValue))
	o.set("stages", arr(p.Stages, stageValue))
	o.set("extra", arr(p.Extra, fieldValue))
	o.set("loc", locValue(&p.Loc))
	o.set("locs", locMap(p.Locs))
	return o.value()
}

func storeValue(s *facts.ArtifactStore) ast.Value {
	o := newObj(7)
	o.str("region", s.Region)
	o.str("type", s.Type)
	o.str("location", s.Location)
	if k := s.EncryptionKey; k != nil {
		ko := newObj(3)
		ko.str("id", k.ID)
		ko.str("type", k.Type)
		ko.set("loc", locValue(&k.Loc))
		o.set("encryptionKey", ko.value())
	} else {
		o.set("encryptionKey", ast.Null{})
	}
	o.str("bucket", s.Bucket)
	o.str("key", s.Key)
	o.set("loc", locValue(&s.Loc))
	return o.value()
}

func stageValue(s *facts.Stage) ast.Value {
	o := newObj(3)
	o.str("name", s.Name)
	o.set("actions", arr(s.Actions, actionValue))
	o.set("loc", locValue(&s.Loc))
	return o.value()
}

func actionValue(a *facts.Action) ast.Value {
	o := newObj(19)
	o.str("name", a.Name)
	o.str("category", a.Category)
	o.str("owner", a.Owner)
	o.str("provider", a.Provider)
	o.str("version", a.Version)
	o.str("roleArn", a.RoleArn)
	o.str("role", a.Role)
	o.str("account", a.Account)
	o.str("region", a.Region)
	o.str("runOrder", a.RunOrder)
	o.str("namespace", a.Namespace)
	o.set("configuration", strMap(a.Configuration))
	o.set("inputArtifacts", strs(a.InputArtifacts))
	o.set("outputArtifacts", strs(a.OutputArtifacts))
	o.set("extra", arr(a.Extra, fieldValue))
	o.set("loc", locValue(&a.Loc))
	o.set("locs", locMap(a.Locs))
	if len(a.Types) > 0 {
		o.set("types", strMap(a.Types))
	}
	return o.value()
}

func valueValue(v *facts.Value) ast.Value {
	o := newObj(4)
	o.str("expect", v.Expect)
	o.str("value", v.Value)
	o.str("field", v.Field)
	o.set("loc", locValue(&v.Loc))
	return o.value()
}

func unresolvedValue(u *facts.Unresolved) ast.Value {
	o := newObj(3)
	o.str("what", u.What)
	o.str("text", u.Text)
	o.set("loc", locValue(&u.Loc))
	return o.value()
}
