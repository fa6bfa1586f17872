package facts

import "testing"

func TestBucketObjectOwnership(t *testing.T) {
	tests := []struct {
		name, props, want string
	}{
		{"not set", `{}`, ""},
		{"object writer", `{"OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}}`, "ObjectWriter"},
		{"enforced", `{"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}}`, "BucketOwnerEnforced"},
		{"parameter", `{"OwnershipControls": {"Rules": [{"ObjectOwnership": {"Ref": "Own"}}]}}`, "{{?Own}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := buildFiles(t, nil, file{"t.json", `{"Parameters": {"Own": {"Type": "String"}},
  "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": ` + tt.props + `}}}`})
			if len(in.Buckets) != 1 {
				t.Fatalf("buckets = %+v", in.Buckets)
			}
			if got := in.Buckets[0].ObjectOwnership; got != tt.want {
				t.Errorf("ObjectOwnership = %q, want %q", got, tt.want)
			}
		})
	}
}
