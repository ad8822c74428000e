# The director's /sync screen: a large backlog (e.g. after `stobot import`), by kind.
sync-backlog = Of these: { $parts }.
sync-backlog-clients = clients { $count }
sync-backlog-cars = cars { $count }
sync-backlog-orders = orders { $count }
sync-backlog-tasks = tasks { $count }
sync-backlog-other = other { $count }

# `stobot import` (the command line): a column of the file no field of the profile takes.
import-column = "{ $name }"
import-unused-columns = Columns not used: { $columns } — the profile "{ $profile }" does not map them to any field; add their headers to the profile if they are needed.

# `stobot import`: the profile finds no client column (name or phone), or neither a client nor
# a car column (VIN or plate); $encoding is how the file was read ("none" for XLSX).
import-key-columns-missing = Import stopped, nothing written: the profile "{ $profile }" finds no { $missing ->
        [person] client columns (name or phone)
       *[both] client columns (name or phone) and no car columns (VIN or plate)
    } in the file.
    The headers as read{ $encoding ->
        [none] {""}
       *[other] {" "}(encoding { $encoding })
    }: { $header }.
    { $encoding ->
        [none] Choose another profile (--profile) or add these headers to your own.
       *[other] If they look garbled, the encoding was guessed wrong: give it, e.g. --encoding koi8-r (or cp1251, utf-8, utf-16, utf-16-le, utf-16-be). If they read well, choose another profile (--profile) or add them to your own.
    }

# `stobot import`: the file's last row has fewer cells than the header (report rule row.truncated).
import-row-truncated = The file's last row is cut off (it has fewer columns than the header) and was not imported: the file seems to be exported or copied incompletely. Check its end or export it again.

# `stobot import --encoding`: a name Python knows no encoding by.
import-unknown-encoding = no encoding "{ $name }": give utf-8, utf-8-sig, cp1251, koi8-r, utf-16, utf-16-le or utf-16-be

# `stobot import`: a second column that matches a field the profile already took a column for.
import-second-column = "{ $name }" also fits the field "{ $field }"; the first column, "{ $taken }", is used.
import-field-name = client name
import-field-phones = phone
import-field-email = e-mail
import-field-vin = VIN
import-field-plate = plate
import-field-make = make
import-field-model = model
import-field-year = year
import-field-mileage = mileage
import-field-last-visit = last visit date
import-field-relation = relation to the car
