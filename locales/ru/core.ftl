## Menus (reply keyboard labels)
menu-new-order = ➕ Новый заказ
menu-my-orders = 📋 Мои заказы
menu-my-tasks = ✅ Мои задачи
menu-search = 🔎 Поиск
menu-parts-pricing = 💰 Калькуляция
menu-purchases = 🛒 Закупка
menu-deliveries = 🚚 Поставки
menu-labour-pricing = 🔧 Калькуляция работ
menu-overdue = ⏰ Просрочки
menu-orders = 📋 Заказы
menu-receiving = 📦 Приёмка
menu-report = 📊 Отчёт
menu-staff = 👥 Сотрудники
menu-invite = ✉️ Пригласить
menu-sync = 🔄 Синхронизация
menu-placeholder = Выберите действие в меню
menu-not-ready = Этот раздел пока не готов — он появится в одном из ближайших обновлений.
menu-use-buttons = Не понял сообщение. Выберите действие на клавиатуре внизу.

## Start and access
start-welcome = Здравствуйте, { $name }! Ваши роли: { $roles }. Меню — внизу экрана.
start-unknown = Здравствуйте! Этот бот только для сотрудников автосервиса. Попросите директора прислать вам приглашение.
start-joined = Добро пожаловать, { $name }! Вы добавлены как { $role }. Меню — внизу экрана.
access-refused = Это действие вам недоступно.
access-throttled = Слишком много нажатий подряд — подождите пару секунд.

## Roles
role-master = мастер-приёмщик
role-supplier = снабженец
role-head = руководитель СТО
role-storekeeper = кладовщик
role-director = директор

## Invites
invite-pick-role = Кого пригласить? Выберите роль:
invite-created = Приглашение для роли «{ $role }» готово. Перешлите ссылку сотруднику — она одноразовая и действует до { $expires }:
    { $link }
invite-error-invalid = Ссылка-приглашение недействительна. Попросите директора прислать новую.
invite-error-used = Это приглашение уже использовано. Попросите директора прислать новое.
invite-error-expired = Срок действия приглашения истёк. Попросите директора прислать новое.

## Language
lang-pick = Выберите язык:
lang-changed = Язык переключён на русский.

## Dialog basics
dialog-step = { $title } · шаг { $step } из { $steps }
dialog-btn-back = ◀️ Назад
dialog-btn-cancel = ✖️ Отмена
dialog-expired = Этот диалог уже закрыт (например, бот перезапускался). Начните действие заново из меню — ничего сохранённого не потеряно.
dialog-cancelled = Действие отменено.
dialog-nothing-to-cancel = Отменять нечего.

## Errors
error-unexpected = Что-то пошло не так, мы уже разбираемся. Попробуйте ещё раз через минуту.
error-forbidden = Это действие вам недоступно.
error-try-again = База данных временно недоступна. Попробуйте ещё раз через минуту — ничего не потеряно.
staff-error-not-found = Сотрудник не найден.
