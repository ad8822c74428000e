# Two-way sync: what comes from Bitrix24
inbound-bot-name = Service bot
inbound-move-reason = Moved in Bitrix24
inbound-move-refused-comment = did not move the deal from «{ $source }» to «{ $target }»: { $reason } The deal is back at the bot's stage.
inbound-move-refused = ⚠️ The move to «{ $target }» made in Bitrix24 was not applied: { $reason }
    The order stays where it was; take the step in the bot.
inbound-move-no-employee = the Bitrix24 user is not linked to an employee of the bot.
inbound-money-restored = restored the deal's amount and products from the bot: prices and contents of an order are kept in the bot.
inbound-deal-no-master = Service bot: no order created — the deal's responsible user is not linked to a master in the bot (stobot staff add … --bitrix-user-id).
inbound-deal-no-contact = Service bot: no order created — the deal has no contact.
inbound-deal-no-phone = Service bot: no order created — the deal's contact has no phone.
inbound-deal-no-car = Service bot: no order created — the deal has no car with a VIN or plate.
inbound-deal-refused = Service bot: no order created — { $reason }
sync-reconcile-never = No reconciliation with Bitrix24 yet.
sync-reconcile-last = Last reconciliation with Bitrix24: { $at } · caught: { $caught }
sync-reconcile-nothing = nothing
sync-caught-order = orders { $count }
sync-caught-stage = stages { $count }
sync-caught-refused = refusals { $count }
sync-caught-master = masters { $count }
sync-caught-phone = phones { $count }
sync-caught-car = cars { $count }
sync-caught-money = amounts { $count }
sync-caught-part = parts { $count }
