## stobot demo
demo-title = stobot demo: one repair order from the first photo to the hand-over, five people
demo-act-new-order = 1. The service advisor opens an order
demo-act-pricing = 2. The parts buyer takes the task and prices the parts (one line per part)
demo-act-labour = 3. The shop head prices the labour — and sends the order back with a reason
demo-act-repricing = 4. The parts buyer re-prices the pads, the head approves
demo-act-approval = 5. The advisor calls the client: approval and an appointment
demo-act-director = 6. The director looks at the open orders
demo-act-purchase = 7. The parts buyer orders the parts from the vendor
demo-act-receiving = 8. The storekeeper receives the delivery — partly at first
demo-act-issue = 9. The advisor checks everything before the hand-over
demo-act-history = 10. The order card and its history
demo-summary = Done: order № { $order_id } is at “{ $stage }”. Slowest bot answer: { $slowest } ms.
