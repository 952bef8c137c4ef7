package types

import (
	"encoding/json"
	"strconv"

	abci "github.com/cometbft/cometbft/abci/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// eventVoteType is EventVote's typed-event type, its proto full name.
const eventVoteType = "aitbc.dao.v1.EventVote"

// ToEvent gives the event EmitTypedEvent would emit for e, attribute for
// attribute (sorted keys, JSON values as jsonpb writes them with OrigName
// and EmitDefaults), without its reflection: a vote is the hottest message
// and jsonpb was about 30 % of its handler's time. ParseTypedEvent reads it
// back as any typed event; TestEventVoteMatchesTypedEvent holds the two
// encodings equal.
func (e *EventVote) ToEvent() (sdk.Event, error) {
	voter, err := json.Marshal(e.Voter)
	if err != nil {
		return sdk.Event{}, err
	}
	reason, err := json.Marshal(e.Reason)
	if err != nil {
		return sdk.Event{}, err
	}
	weight, err := e.Weight.MarshalJSON()
	if err != nil {
		return sdk.Event{}, err
	}
	options := []byte{'['}
	for i, o := range e.Options {
		if i > 0 {
			options = append(options, ',')
		}
		options = append(options, `{"option":`...)
		if name, ok := VoteOption_name[int32(o.Option)]; ok {
			options = strconv.AppendQuote(options, name)
		} else {
			options = strconv.AppendInt(options, int64(o.Option), 10)
		}
		w, err := o.Weight.MarshalJSON()
		if err != nil {
			return sdk.Event{}, err
		}
		options = append(options, `,"weight":`...)
		options = append(options, w...)
		options = append(options, '}')
	}
	options = append(options, ']')
	return sdk.Event{Type: eventVoteType, Attributes: []abci.EventAttribute{
		{Key: "options", Value: string(options)},
		{Key: "proposal_id", Value: strconv.Quote(strconv.FormatUint(e.ProposalId, 10))},
		{Key: "reason", Value: string(reason)},
		{Key: "voter", Value: string(voter)},
		{Key: "weight", Value: string(weight)},
	}}, nil
}
