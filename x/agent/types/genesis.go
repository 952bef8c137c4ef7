package types

import (
	"bytes"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis state.
func DefaultGenesis() *GenesisState { return &GenesisState{Params: DefaultParams(), NextAgentId: 1} }

// Validate checks the genesis state: every agent is what the messages
// could have made under some valid params (identifiers, text, addresses,
// the wallet derived from its id), and policies belong to agents that may
// still have one. Descriptions and policies are checked against the
// absolute bounds, not these params: governance may narrow the params after
// agents registered under wider ones, and their export must import.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextAgentId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next_agent_id must be at least 1")
	}
	agents := make(map[uint64]Agent, len(gs.Agents))
	for _, a := range gs.Agents {
		if err := gs.validateAgent(a); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "agent %d: %s", a.Id, err)
		}
		if _, dup := agents[a.Id]; dup || a.Id == 0 || a.Id >= gs.NextAgentId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "agent id %d duplicate or not below next_agent_id", a.Id)
		}
		agents[a.Id] = a
	}
	policies := make(map[uint64]bool, len(gs.Policies))
	for _, p := range gs.Policies {
		a, ok := agents[p.AgentId]
		switch {
		case !ok:
			return errorsmod.Wrapf(ErrInvalidGenesis, "policy of unknown agent %d", p.AgentId)
		case policies[p.AgentId]:
			return errorsmod.Wrapf(ErrInvalidGenesis, "two policies of agent %d", p.AgentId)
		case a.Status == AGENT_STATUS_RETIRED:
			return errorsmod.Wrapf(ErrInvalidGenesis, "policy of retired agent %d", p.AgentId)
		}
		policies[p.AgentId] = true
		if err := p.Policy.ValidateBasic(0); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "policy of agent %d: %s", p.AgentId, err)
		}
		for _, r := range p.Policy.AllowedRecipients {
			if _, err := sdk.AccAddressFromBech32(r); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "policy of agent %d: recipient: %s", p.AgentId, err)
			}
		}
		if !p.Spent.Spent.IsValid() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "policy of agent %d: spent %s", p.AgentId, p.Spent.Spent)
		}
	}
	return nil
}

func (gs GenesisState) validateAgent(a Agent) error {
	if err := ValidateAgentType(a.Type); err != nil {
		return err
	}
	if a.Status == AGENT_STATUS_UNSPECIFIED || AgentStatus_name[int32(a.Status)] == "" {
		return errorsmod.Wrapf(ErrInvalidAgent, "status %s", a.Status)
	}
	d := Description{Name: a.Name, Endpoint: a.Endpoint, Capabilities: a.Capabilities, MetadataURI: a.MetadataUri, MetadataHash: a.MetadataHash}
	if err := d.Validate(StatelessLimits); err != nil {
		return err
	}
	addrs := []string{a.Owner, a.Wallet}
	if a.Operator != "" {
		addrs = append(addrs, a.Operator)
	}
	for _, addr := range addrs {
		if _, err := sdk.AccAddressFromBech32(addr); err != nil {
			return errorsmod.Wrapf(ErrInvalidAddress, "%q: %s", addr, err)
		}
	}
	cred, err := WalletCredential(a.Id)
	if err != nil {
		return err
	}
	if wallet, _ := sdk.AccAddressFromBech32(a.Wallet); !bytes.Equal(wallet, cred.Address()) {
		return errorsmod.Wrapf(ErrInvalidAgent, "wallet %s is not the one derived from id %d", a.Wallet, a.Id)
	}
	return nil
}
