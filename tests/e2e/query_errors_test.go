package e2e

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestQueryErrorsREST checks that the REST API of every module answers a
// malformed address, time, enum or identifier with HTTP 400 (gRPC
// InvalidArgument), an unknown id with 404 (NotFound), and never 500; and
// that the same bad enum value gets the same answer in every module.
func TestQueryErrorsREST(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	c := NewChain(t, Options{Accounts: []Account{{Name: "alice"}}})
	c.Start()
	alice := c.KeyAddress("alice")
	const bad = "aitbc1notanaddress"
	nul := url.QueryEscape("H100\x00")

	cases := []struct {
		path string
		want int
	}{
		// Addresses.
		{"/aitbc/dao/v1/locks/" + bad, 400},
		{"/aitbc/dao/v1/voting_power/" + bad, 400},
		{"/aitbc/dao/v1/checkpoints/" + bad, 400},
		{"/aitbc/dao/v1/proposals/1/votes/" + bad, 400},
		{"/aitbc/compute/v1/providers/" + bad, 400},
		{"/aitbc/compute/v1/jobs?consumer=" + bad, 400},
		{"/aitbc/compute/v1/leases?provider=" + bad, 400},
		{"/aitbc/agent/v1/owners/" + bad + "/agents", 400},
		{"/aitbc/sourcedao/v1/claimable/" + bad, 400},
		{"/aitbc/sourcedao/v1/developers/" + bad, 400},
		{"/aitbc/sourcedao/v1/projects?manager=" + bad, 400},
		{"/aitbc/reputation/v1/scores/" + bad, 400},
		{"/aitbc/reputation/v1/ratings/" + bad + "?deal_ref=compute/1", 400},
		// Times.
		{"/aitbc/dao/v1/voting_power/" + alice + "?time=yesterday", 400},
		{"/aitbc/dao/v1/total_power?time=2999-01-01T00:00:00Z", 400},
		// The same out-of-range enum number in every module.
		{"/aitbc/dao/v1/proposals?status=99", 400},
		{"/aitbc/compute/v1/jobs?status=99", 400},
		{"/aitbc/compute/v1/jobs?status=99&consumer=" + alice, 400},
		{"/aitbc/compute/v1/leases?status=99", 400},
		{"/aitbc/agent/v1/agents?type=99", 400},
		{"/aitbc/sourcedao/v1/projects?state=99", 400},
		{"/aitbc/sourcedao/v1/projects?state=99&manager=" + alice, 400},
		{"/aitbc/sourcedao/v1/developers?kind=99", 400},
		{"/aitbc/reputation/v1/top/99", 400},
		{"/aitbc/dao/v1/proposals?status=-1", 400},
		// An unknown enum name is refused by the gateway itself.
		{"/aitbc/dao/v1/proposals?status=PROPOSAL_STATUS_NOPE", 400},
		// Identifiers that become key prefixes.
		{"/aitbc/compute/v1/offers?model=" + nul, 400},
		{"/aitbc/agent/v1/agents?capability=" + nul, 400},
		{"/aitbc/reputation/v1/ratings/" + alice + "?deal_ref=" + nul, 400},
		// Pagination the helpers refuse.
		{"/aitbc/compute/v1/jobs?pagination.offset=1&pagination.key=AA==", 400},
		// A malformed id is the gateway's 400; an unknown one is 404.
		{"/aitbc/dao/v1/proposals/abc", 400},
		{"/aitbc/dao/v1/proposals/999", 404},
		{"/aitbc/dao/v1/proposals/999/tally", 404},
		{"/aitbc/compute/v1/jobs/999", 404},
		{"/aitbc/compute/v1/offers/999", 404},
		{"/aitbc/compute/v1/leases/999", 404},
		{"/aitbc/agent/v1/agents/999", 404},
		{"/aitbc/agent/v1/agents/999/wallet", 404},
		{"/aitbc/sourcedao/v1/projects/999", 404},
		{"/aitbc/reputation/v1/ratings/" + alice + "?deal_ref=compute/1", 404},
		// Good requests still answer 200.
		{"/aitbc/dao/v1/proposals?status=1", 200},
		{"/aitbc/compute/v1/jobs?status=1", 200},
		{"/aitbc/sourcedao/v1/developers?kind=2", 200},
		{"/aitbc/reputation/v1/top/0", 200},
		{"/aitbc/reputation/v1/top/OUTCOME_KIND_JOB", 200},
		// grpc-gateway v1 reads enum names only from the golang/protobuf
		// registry, where gogoproto enums are not: a name in a query
		// parameter is parsed as a number and refused (400, not 500). A
		// path parameter takes names. REST clients send numbers.
		{"/aitbc/dao/v1/proposals?status=PROPOSAL_STATUS_VOTING", 400},
		{"/aitbc/dao/v1/locks/" + alice, 200},
	}
	for _, tc := range cases {
		got := http.StatusOK
		var herr *HTTPError
		if err := c.REST(tc.path, nil); errors.As(err, &herr) {
			got = herr.Status
		} else if err != nil {
			t.Fatalf("GET %s: %v", tc.path, err)
		}
		if got != tc.want {
			body := ""
			if herr != nil {
				body = herr.Body
			}
			t.Errorf("GET %s: HTTP %d, want %d: %s", tc.path, got, tc.want, body)
		}
	}

	// The same bad enum value gets the same gRPC code and message in every
	// module. (reputation's kind is a path parameter, which the gateway
	// itself checks against the enum: code 3 too, in its own words.)
	for _, path := range []string{
		"/aitbc/dao/v1/proposals?status=99", "/aitbc/compute/v1/jobs?status=99", "/aitbc/compute/v1/leases?status=99",
		"/aitbc/agent/v1/agents?type=99", "/aitbc/sourcedao/v1/projects?state=99", "/aitbc/sourcedao/v1/developers?kind=99",
	} {
		var herr *HTTPError
		if err := c.REST(path, nil); !errors.As(err, &herr) {
			t.Errorf("GET %s: %v, want an HTTP error", path, err)
			continue
		}
		var body struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if err := decodeJSON([]byte(herr.Body), &body); err != nil || body.Code != 3 || !strings.Contains(body.Message, " 99 is not a known value") {
			t.Errorf("GET %s: body %s (%v), want gRPC code 3 and \"... 99 is not a known value\"", path, herr.Body, err)
		}
	}
	c.WaitForHeight(c.Height()+1, 0)
}
