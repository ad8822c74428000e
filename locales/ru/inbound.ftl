# Two-way sync: what comes from Bitrix24
inbound-bot-name = Бот СТО
inbound-move-reason = Перемещено в Bitrix24
inbound-move-refused-comment = не перенёс сделку из этапа «{ $source }» в «{ $target }»: { $reason } Сделка возвращена на этап бота.
inbound-move-refused = ⚠️ Перенос в Bitrix24 на этап «{ $target }» не применён: { $reason }
    Заказ остался на прежнем этапе; сделайте шаг в боте.
inbound-move-no-employee = пользователь Bitrix24 не привязан к сотруднику бота.
inbound-money-restored = вернул сумму и товары сделки из бота: цены и состав заказа ведутся в боте.
inbound-deal-no-master = Бот СТО: заказ не создан — ответственный сделки не привязан к мастеру в боте (stobot staff add … --bitrix-user-id).
inbound-deal-no-contact = Бот СТО: заказ не создан — у сделки нет контакта.
inbound-deal-no-phone = Бот СТО: заказ не создан — у контакта сделки нет телефона.
inbound-deal-no-car = Бот СТО: заказ не создан — у сделки нет автомобиля с VIN или госномером.
inbound-deal-refused = Бот СТО: заказ не создан — { $reason }
sync-reconcile-never = Сверка с Bitrix24 ещё не выполнялась.
sync-reconcile-last = Последняя сверка с Bitrix24: { $at } · поймано: { $caught }
sync-reconcile-nothing = ничего
sync-caught-order = заказов { $count }
sync-caught-stage = этапов { $count }
sync-caught-refused = отказов { $count }
sync-caught-master = мастеров { $count }
sync-caught-phone = телефонов { $count }
sync-caught-car = авто { $count }
sync-caught-money = сумм { $count }
sync-caught-part = запчастей { $count }
