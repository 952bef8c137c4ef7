package types

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Stateless checks of the messages that carry identifiers or stored text;
// the keeper checks again against the params (and addresses with its
// codec), so a message routed without ValidateBasic (x/dao, MsgExec) is
// held to the same rules.
var (
	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
	_ sdk.HasValidateBasic = (*MsgRegisterAgent)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateAgent)(nil)
	_ sdk.HasValidateBasic = (*MsgSetPolicy)(nil)
	_ sdk.HasValidateBasic = (*MsgExec)(nil)
)

// ValidateBasic checks the params.
func (m *MsgUpdateParams) ValidateBasic() error { return m.Params.Validate() }

// ValidateBasic checks the type and the description.
func (m *MsgRegisterAgent) ValidateBasic() error {
	if err := ValidateAgentType(m.Type); err != nil {
		return err
	}
	return m.Description().Validate(StatelessLimits)
}

// Description returns the described part of the message.
func (m *MsgRegisterAgent) Description() Description {
	return Description{Name: m.Name, Endpoint: m.Endpoint, Capabilities: m.Capabilities, MetadataURI: m.MetadataUri, MetadataHash: m.MetadataHash}
}

// ValidateBasic checks the description.
func (m *MsgUpdateAgent) ValidateBasic() error { return m.Description().Validate(StatelessLimits) }

// Description returns the described part of the message.
func (m *MsgUpdateAgent) Description() Description {
	return Description{Name: m.Name, Endpoint: m.Endpoint, Capabilities: m.Capabilities, MetadataURI: m.MetadataUri, MetadataHash: m.MetadataHash}
}

// ValidateBasic checks the policy.
func (m *MsgSetPolicy) ValidateBasic() error { return m.Policy.ValidateBasic(0) }

// ValidateBasic checks that there is something to run; each message is
// checked (its own ValidateBasic included) by the keeper.
func (m *MsgExec) ValidateBasic() error {
	if len(m.Msgs) == 0 {
		return errorsmod.Wrap(ErrInvalidExec, "no messages")
	}
	return nil
}
