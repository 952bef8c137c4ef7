package keeper

// DaoStatuses exposes the gov status filter's x/dao statuses to the tests.
var DaoStatuses = daoStatuses
