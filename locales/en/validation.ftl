## Validation of typed and imported values (services/normalize).
## Each message picks its wording by $reason; the default variant fits any reason.

validation-phone = { $reason ->
    [empty] Send a phone number, e.g. +7 916 123-45-67.
    [excel] Excel has mangled this number (like 7.91612E+10), the digits are lost. Send the full number, e.g. +7 916 123-45-67.
    [letters] The number contains letters. Send digits only, e.g. 8 916 123-45-67.
    [too_short] Digits are missing. Send the number with the area or operator code, e.g. 8 916 123-45-67.
    [too_long] Too many digits. Send one number, e.g. 8 916 123-45-67; put an extension after "ext".
    [country] Unknown country code. Start a Russian number with +7 or 8, a foreign one with + and the country code.
   *[other] This number does not exist. Check the digits and send it again, e.g. +7 916 123-45-67.
}

validation-vin = { $reason ->
    [placeholder] No VIN given. Send the 17-character VIN, e.g. XTA21099012345678, or skip this step.
    [length] A VIN has exactly 17 characters, e.g. XTA21099012345678. Send it again.
    [letters_ioq] A VIN never contains I, O or Q — these are probably the digits 1 and 0. E.g. XTA21099012345678. Send it again.
   *[other] A VIN is 17 characters: Latin letters except I, O, Q, and digits. E.g. XTA21099012345678. Send it again.
}

validation-plate = { $reason ->
    [empty] Send the registration plate, e.g. А123ВС77.
   *[other] This does not look like a Russian plate. E.g. А123ВС77 or А123ВС777. Send it again.
}

validation-money = { $reason ->
    [empty] Send an amount in roubles, e.g. 12 500 or 12 500,50.
    [negative] The amount cannot be negative. Send e.g. 12 500.
    [decimals] At most two digits after the decimal comma (kopecks), e.g. 12 500,50.
    [too_large] The amount is too large — at most 100 000 000 ₽. Check the zeros and send it again.
   *[other] I did not understand the amount. Send a number in roubles, e.g. 12 500 or 12 500,50.
}

validation-quantity = { $reason ->
    [empty] Send a quantity, e.g. 2 or 1,5.
    [not_positive] The quantity must be above zero, e.g. 2 or 1,5.
    [decimals] At most three digits after the decimal comma, e.g. 4,5 (litres).
    [too_large] The quantity is too large — at most 9999. Send it again.
   *[other] I did not understand the quantity. Send a number, e.g. 2, 2 pcs or 1,5.
}

validation-percent = { $reason ->
    [empty] Send a percentage, e.g. 30.
    [negative] The percentage cannot be negative, e.g. 30.
    [decimals] At most two digits after the decimal comma, e.g. 12,5.
    [too_large] The percentage is too large — at most 1000. Send it again.
   *[other] I did not understand the percentage. Send a number, e.g. 30 or 30%.
}

validation-date = { $reason ->
    [empty] Send a date, e.g. 24.11 or "tomorrow".
    [impossible] There is no such date in the calendar. Check the day and month, e.g. 24.11.
    [past] This date has passed. Send today or a future date, e.g. 24.11 or "tomorrow".
   *[other] I did not understand the date. Send day and month, e.g. 24.11, 24.11.2026 or "tomorrow".
}

validation-time = { $reason ->
    [empty] Send a time, e.g. 10:00.
   *[other] I did not understand the time. Send hours and minutes from 0:00 to 23:59, e.g. 10:00 or 9:30.
}

validation-parts = { $reason ->
    [empty] The list is empty. Send one part per line, e.g.: Brake pads front 2
    [fields] Line { $line }: too many ";". Format: name; article; quantity.
    [name_empty] Line { $line }: the name is missing. E.g. Oil filter; 11427953129; 1
    [name_too_long] Line { $line }: the name is longer than 200 characters. Shorten it and send again.
    [article_too_long] Line { $line }: the article is longer than 40 characters. Check it is an article number.
    [quantity] Line { $line }: wrong quantity — a number above zero, at most 9999. E.g. Brake pads front 2
   *[other] Line { $line }: not understood. E.g. Oil filter; 11427953129; 1
}
