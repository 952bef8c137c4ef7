package types

import sdk "github.com/cosmos/cosmos-sdk/types"

var (
	_ sdk.HasValidateBasic = (*MsgRate)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
)

// ValidateBasic checks a rating without state: the score, the form of the
// deal ref and the comment. The keeper checks again (the comment against
// the params, the deal ref with its voucher), so a message routed without
// ValidateBasic is held to the same rules.
func (m *MsgRate) ValidateBasic() error {
	if err := ValidateScore(m.Score); err != nil {
		return err
	}
	if _, _, err := SplitDealRef(m.DealRef); err != nil {
		return err
	}
	return ValidateComment(m.CommentUri, MaxTextLength)
}

// ValidateBasic checks the params.
func (m *MsgUpdateParams) ValidateBasic() error { return m.Params.Validate() }
