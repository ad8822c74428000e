## Menus (reply keyboard labels)
menu-new-order = ➕ New order
menu-my-orders = 📋 My orders
menu-my-tasks = ✅ My tasks
menu-search = 🔎 Search
menu-parts-pricing = 💰 Parts pricing
menu-purchases = 🛒 Purchasing
menu-deliveries = 🚚 Deliveries
menu-labour-pricing = 🔧 Labour pricing
menu-overdue = ⏰ Overdue
menu-orders = 📋 Orders
menu-receiving = 📦 Receiving
menu-report = 📊 Report
menu-staff = 👥 Staff
menu-invite = ✉️ Invite
menu-sync = 🔄 Sync
menu-placeholder = Pick an action from the menu
menu-not-ready = This section is not ready yet — it comes in one of the next updates.
menu-use-buttons = I did not understand that. Pick an action on the keyboard below.

## Start and access
start-welcome = Hello, { $name }! Your roles: { $roles }. The menu is at the bottom of the screen.
start-unknown = Hello! This bot is for the shop's staff only. Ask the director to send you an invite.
start-joined = Welcome, { $name }! You have been added as { $role }. The menu is at the bottom of the screen.
access-refused = This action is not available to you.
access-throttled = Too many taps in a row — wait a couple of seconds.

## Roles
role-master = service advisor
role-supplier = parts buyer
role-head = shop head
role-storekeeper = storekeeper
role-director = director

## Invites
invite-pick-role = Whom to invite? Pick a role:
invite-created = The invite for the role “{ $role }” is ready. Forward the link to the employee — it works once and until { $expires }:
    { $link }
invite-error-invalid = This invite link is not valid. Ask the director for a new one.
invite-error-used = This invite has already been used. Ask the director for a new one.
invite-error-expired = This invite has expired. Ask the director for a new one.

## Language
lang-pick = Choose a language:
lang-changed = Language switched to English.

## Dialog basics
dialog-step = { $title } · step { $step } of { $steps }
dialog-btn-back = ◀️ Back
dialog-btn-cancel = ✖️ Cancel
dialog-expired = This dialog is closed (for example, the bot restarted). Start the action again from the menu — nothing saved is lost.
dialog-cancelled = Cancelled.
dialog-nothing-to-cancel = Nothing to cancel.

## Errors
error-unexpected = Something went wrong, we are looking into it. Please try again in a minute.
error-forbidden = This action is not available to you.
error-try-again = The database is briefly unavailable. Please try again in a minute — nothing is lost.
staff-error-not-found = Employee not found.
