"""Civil orders: how long they last and the deadlines that come with them."""
