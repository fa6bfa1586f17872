// Package awsdata holds facts about AWS that the linter needs offline: the
// documents of the AWS managed policies that matter for cross-account
// CodePipeline deploys. The data files are embedded and name their source
// and the date they were retrieved.
package awsdata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed managed-policies.json
var managedJSON []byte

// ManagedPolicies is the content of the embedded managed-policy data file.
type ManagedPolicies struct {
	// Source says where the documents were copied from.
	Source string `json:"source"`
	// Retrieved is the date (YYYY-MM-DD) they were copied.
	Retrieved string `json:"retrieved"`
	// Note says what the file leaves out and why.
	Note string `json:"note"`
	// Policies are the documents by policy name.
	Policies map[string]Managed `json:"policies"`
}

// Managed is one AWS managed policy.
type Managed struct {
	// Arn is the policy ARN in the aws partition.
	Arn string `json:"arn"`
	// Version is the default version the document was copied from ("v3").
	Version string `json:"version"`
	// Document is the policy document as JSON.
	Document json.RawMessage `json:"document"`
	// Note says how the document differs from AWS's, when it does.
	Note string `json:"note,omitempty"`
}

type index struct {
	data  ManagedPolicies
	byArn map[string]string // "<path><name>" after ":iam::aws:policy/" → name
	err   error
}

// load parses the embedded file once; the result is never modified.
var load = sync.OnceValue(func() *index {
	ix := &index{byArn: map[string]string{}}
	if err := json.Unmarshal(managedJSON, &ix.data); err != nil {
		ix.err = fmt.Errorf("awsdata: managed-policies.json: %w", err)
		return ix
	}
	for name, p := range ix.data.Policies {
		rest, ok := policyPath(p.Arn)
		if !ok {
			ix.err = fmt.Errorf("awsdata: managed-policies.json: policy %s: bad arn %q", name, p.Arn)
			return ix
		}
		ix.byArn[rest] = name
	}
	return ix
})

// policyPath returns the "<path><name>" part of an AWS managed policy ARN
// in any partition ("arn:aws-cn:iam::aws:policy/service-role/X" →
// "service-role/X").
func policyPath(arn string) (string, bool) {
	part, rest, ok := strings.Cut(arn, ":iam::aws:policy/")
	if !ok || rest == "" || !strings.HasPrefix(part, "arn:aws") || strings.Contains(part[len("arn:aws"):], ":") {
		return "", false
	}
	return rest, true
}

// ManagedPolicy returns the policy document (JSON) and name of the AWS
// managed policy arn names, in any partition, and whether it is known.
func ManagedPolicy(arn string) (doc []byte, name string, ok bool) {
	ix := load()
	if ix.err != nil {
		return nil, "", false
	}
	rest, ok := policyPath(arn)
	if !ok {
		return nil, "", false
	}
	name, ok = ix.byArn[rest]
	if !ok {
		return nil, "", false
	}
	return []byte(ix.data.Policies[name].Document), name, true
}

// IsManagedPolicyArn reports whether arn has the form of an AWS managed
// policy ARN (arn:PARTITION:iam::aws:policy/...), known or not.
func IsManagedPolicyArn(arn string) bool {
	_, ok := policyPath(arn)
	return ok
}

// Data returns the whole managed-policy data file, or an error if the
// embedded file is broken.
func Data() (ManagedPolicies, error) {
	ix := load()
	if ix.err != nil {
		return ManagedPolicies{}, ix.err
	}
	return ix.data, nil
}

// Names returns the names of the known managed policies, sorted.
func Names() []string {
	ix := load()
	names := make([]string, 0, len(ix.data.Policies))
	for n := range ix.data.Policies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
