package engine

import (
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/xacct-lint/xacct-lint/internal/awsdata"
)

// BaseData is the data document every evaluation sees besides the rules:
// facts about AWS kept offline in internal/awsdata, under data.xacct.aws.
//
//	data.xacct.aws.actions  {"kms": ["CancelKeyDeletion", …], "s3": […], …}
//
// The IAM action names of the services a cross-account pipeline touches, by
// lower-case service prefix, as the Service Authorization Reference spells
// them (awsdata.IAMActions).
func BaseData() map[string]any {
	actions := map[string]any{}
	for svc, names := range awsdata.IAMActions() {
		list := make([]any, len(names))
		for i, n := range names {
			list[i] = n
		}
		actions[svc] = list
	}
	return map[string]any{"xacct": map[string]any{"aws": map[string]any{"actions": actions}}}
}

// newStore returns a store holding BaseData, shared read-only by every
// evaluation of one Engine.
func newStore() storage.Store {
	return inmem.NewFromObject(BaseData())
}
