package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultParams returns the default params: a 10 AITBC registration fee.
func DefaultParams() Params {
	return Params{
		RegistrationFee:     sdk.NewCoins(sdk.NewCoin("uaitbc", math.NewInt(10_000_000))),
		MaxNameLength:       64,
		MaxEndpointLength:   256,
		MaxUriLength:        512,
		MaxCapabilities:     16,
		MaxCapabilityLength: 64,
		MaxExecMessages:     8,
		MaxPolicyEntries:    32,
	}
}

// Validate checks the params.
func (p Params) Validate() error {
	if !p.RegistrationFee.IsValid() {
		return errorsmod.Wrapf(ErrInvalidParams, "registration_fee %s", p.RegistrationFee)
	}
	for _, b := range []struct {
		name string
		v    uint32
	}{
		{"max_name_length", p.MaxNameLength}, {"max_endpoint_length", p.MaxEndpointLength}, {"max_uri_length", p.MaxUriLength},
		{"max_capabilities", p.MaxCapabilities}, {"max_capability_length", p.MaxCapabilityLength},
		{"max_exec_messages", p.MaxExecMessages}, {"max_policy_entries", p.MaxPolicyEntries},
	} {
		if b.v == 0 {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be positive", b.name)
		}
	}
	// Stateless checks (ValidateBasic, genesis) use the absolute bounds, so
	// params may only narrow them.
	for _, b := range []struct {
		name   string
		v, max uint32
	}{
		{"max_name_length", p.MaxNameLength, StatelessLimits.Name},
		{"max_capability_length", p.MaxCapabilityLength, StatelessLimits.Capability},
		{"max_endpoint_length", p.MaxEndpointLength, StatelessLimits.Endpoint},
		{"max_uri_length", p.MaxUriLength, StatelessLimits.URI},
		{"max_capabilities", p.MaxCapabilities, StatelessLimits.Capabilities},
	} {
		if b.v > b.max {
			return errorsmod.Wrapf(ErrInvalidParams, "%s is %d, at most %d", b.name, b.v, b.max)
		}
	}
	return nil
}

// GroupName is the x/dao electorate group of an agent type.
func (t AgentType) GroupName() string {
	switch t {
	case AGENT_TYPE_PROVIDER:
		return "provider"
	case AGENT_TYPE_CONSUMER:
		return "consumer"
	case AGENT_TYPE_BUILDER:
		return "builder"
	case AGENT_TYPE_COORDINATOR:
		return "coordinator"
	}
	return ""
}
