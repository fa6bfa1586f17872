package awsdata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

//go:embed iam-actions.json
var actionsJSON []byte

// IAMActionList is the content of the embedded IAM action data file
// (iam-actions.json): the actions of the services a cross-account pipeline
// touches, as the Service Authorization Reference lists them.
type IAMActionList struct {
	// Source says where the action names were copied from.
	Source string `json:"source"`
	// Retrieved is the date (YYYY-MM-DD) they were copied.
	Retrieved string `json:"retrieved"`
	// Note says what the file covers and what it leaves out.
	Note string `json:"note"`
	// Actions are the action names by lower-case service prefix
	// ("kms" → ["CancelKeyDeletion", …]), spelt as AWS spells them.
	Actions map[string][]string `json:"actions"`
}

type actionIndex struct {
	data  IAMActionList
	lower map[string]bool // "kms:decrypt"
	err   error
}

// loadActions parses the embedded file once; the result is never modified.
var loadActions = sync.OnceValue(func() *actionIndex {
	ix := &actionIndex{lower: map[string]bool{}}
	if err := json.Unmarshal(actionsJSON, &ix.data); err != nil {
		ix.err = fmt.Errorf("awsdata: iam-actions.json: %w", err)
		return ix
	}
	for svc, names := range ix.data.Actions {
		if svc == "" || svc != strings.ToLower(svc) || strings.ContainsAny(svc, ":*? ") {
			ix.err = fmt.Errorf("awsdata: iam-actions.json: bad service prefix %q", svc)
			return ix
		}
		for _, n := range names {
			if n == "" || strings.ContainsAny(n, ":*? ") {
				ix.err = fmt.Errorf("awsdata: iam-actions.json: service %s: bad action name %q", svc, n)
				return ix
			}
			ix.lower[svc+":"+strings.ToLower(n)] = true
		}
	}
	return ix
})

// IAMActionData returns the whole IAM action data file, or an error if the
// embedded file is broken. The caller may modify the result.
func IAMActionData() (IAMActionList, error) {
	ix := loadActions()
	if ix.err != nil {
		return IAMActionList{}, ix.err
	}
	d := ix.data
	d.Actions = IAMActions()
	return d, nil
}

// IAMActions returns the known IAM action names by lower-case service
// prefix ("s3" → ["AbortMultipartUpload", …]), a fresh copy on every call.
// It is empty if the embedded file is broken (IAMActionData says why).
// Rules see the same map as data.xacct.aws.actions.
func IAMActions() map[string][]string {
	ix := loadActions()
	out := make(map[string][]string, len(ix.data.Actions))
	if ix.err != nil {
		return out
	}
	for svc, names := range ix.data.Actions {
		out[svc] = slices.Clone(names)
	}
	return out
}

// IAMServices returns the service prefixes the data file covers, sorted.
func IAMServices() []string {
	return slices.Sorted(maps.Keys(loadActions().data.Actions))
}

// KnownIAMAction reports whether action ("service:Name", without wildcards)
// names an action the data file lists, ignoring case as IAM does, and
// whether the data file covers its service at all.
func KnownIAMAction(action string) (known, covered bool) {
	ix := loadActions()
	if ix.err != nil {
		return false, false
	}
	svc, name, ok := strings.Cut(strings.ToLower(action), ":")
	if !ok {
		return false, false
	}
	if _, covered = ix.data.Actions[svc]; !covered {
		return false, false
	}
	return ix.lower[svc+":"+name], true
}
