package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"
)

// RegisterGovInterfaces registers what the cosmos gov query services x/dao
// answers put in Any fields: gov v1beta1 proposals carry their title and
// summary as a TextProposal content, which clients (and the REST gateway's
// JSON encoder) resolve through the interface registry. Only the content
// interface is registered: the app runs no x/gov, so its messages are not.
func RegisterGovInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterInterface("cosmos.gov.v1beta1.Content", (*govv1beta1.Content)(nil), &govv1beta1.TextProposal{})
}
