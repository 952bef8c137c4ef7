package cmd

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"cosmossdk.io/log"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/provider/daemon/chainadapter"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

type bondQuery struct {
	computetypes.QueryClient
	provider *computetypes.Provider
}

func (q bondQuery) Params(context.Context, *computetypes.QueryParamsRequest, ...grpc.CallOption) (*computetypes.QueryParamsResponse, error) {
	return &computetypes.QueryParamsResponse{Params: computetypes.DefaultParams()}, nil
}

func (q bondQuery) Provider(context.Context, *computetypes.QueryProviderRequest, ...grpc.CallOption) (*computetypes.QueryProviderResponse, error) {
	if q.provider == nil {
		return nil, grpcstatus.Error(codes.NotFound, "provider not found")
	}
	return &computetypes.QueryProviderResponse{Provider: *q.provider}, nil
}

// The daemon logs the bond's health with the warning `provider status`
// prints, at WARN level, when one slash would make the provider inactive.
func TestLogBondHealth(t *testing.T) {
	minBond := computetypes.DefaultParams().MinBond
	for _, c := range []struct {
		name     string
		provider *computetypes.Provider
		want     string
	}{
		{"at min_bond", &computetypes.Provider{Bond: minBond, Status: computetypes.PROVIDER_STATUS_ACTIVE},
			"WRN WARNING: one slash (0.05 x 1000000000uaitbc = 50000000uaitbc) would leave the bond at 950000000uaitbc"},
		{"twice min_bond", &computetypes.Provider{Bond: sdk.NewCoin(minBond.Denom, minBond.Amount.Mul(math.NewInt(2))), Status: computetypes.PROVIDER_STATUS_ACTIVE},
			"INF bond bond=2000000000uaitbc min_bond=1000000000uaitbc on=slashed one_slash=100000000uaitbc status=PROVIDER_STATUS_ACTIVE"},
		{"not registered", nil, "ERR not registered as a provider"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			logger := log.NewLogger(&buf, log.ColorOption(false))
			a := &chainadapter.Adapter{Query: bondQuery{provider: c.provider}, Operator: "aitbcvaloper1op"}
			logBondHealth(context.Background(), logger, a, "aitbc1op", "slashed")
			out := buf.String()
			require.Contains(t, out, c.want)
			if strings.Contains(c.want, "WARNING") {
				require.Contains(t, out, "aitbcd tx compute bond 52631578uaitbc --from aitbc1op")
			}
		})
	}
}
