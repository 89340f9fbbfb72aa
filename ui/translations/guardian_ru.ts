<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AccountsPage</name>
    <message>
        <source>The child&apos;s account</source>
        <translation>Учётная запись ребёнка</translation>
    </message>
    <message>
        <source>Choose the accounts the child uses. Accounts marked “not restricted” are never limited; accounts created later are restricted.</source>
        <translation>Выберите учётные записи, которыми пользуется ребёнок. Записи с пометкой «без ограничений» ограничиваться не будут, а созданные позже — будут.</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Ребёнок</translation>
    </message>
    <message>
        <source>⚠ marks an administrator account. A child using an administrator account can get around the limits; give the child a standard account.</source>
        <translation>Значком ⚠ отмечены учётные записи администраторов. Под учётной записью администратора ребёнок может обойти ограничения — дайте ему обычную учётную запись.</translation>
    </message>
    <message>
        <source>Child&apos;s &amp;name:</source>
        <translation>&amp;Имя ребёнка:</translation>
    </message>
    <message>
        <source>The accounts on this computer could not be listed. Every account will be restricted; you can change this later in the settings.</source>
        <translation>Не удалось получить список учётных записей на этом компьютере. Ограничения будут действовать для всех учётных записей; это можно изменить позже в настройках.</translation>
    </message>
    <message>
        <source>%1 — this account</source>
        <translation>%1 — текущая учётная запись</translation>
    </message>
    <message>
        <source>Child — restricted</source>
        <translation>Ребёнок — с ограничениями</translation>
    </message>
    <message>
        <source>Not restricted</source>
        <translation>Без ограничений</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>Роль учётной записи %1</translation>
    </message>
    <message>
        <source>Administrator account</source>
        <translation>Учётная запись администратора</translation>
    </message>
    <message>
        <source>Give the child&apos;s profile a name.</source>
        <translation>Введите имя для профиля ребёнка.</translation>
    </message>
    <message>
        <source>Choose at least one account the child uses.</source>
        <translation>Выберите хотя бы одну учётную запись, которой пользуется ребёнок.</translation>
    </message>
    <message>
        <source>%1 is the only standard account besides yours, so it is proposed as the child&apos;s. Change it if that is wrong.</source>
        <translation>%1 — единственная обычная учётная запись, кроме вашей, поэтому она предложена как учётная запись ребёнка. Измените выбор, если это не так.</translation>
    </message>
    <message>
        <source>Say for each account whether it is the child&apos;s or not restricted.</source>
        <translation>Для каждой учётной записи укажите, принадлежит ли она ребёнку или остаётся без ограничений.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выберите…</translation>
    </message>
    <message>
        <source>Say whether these accounts are the child&apos;s or not restricted: %1</source>
        <translation>Укажите, принадлежат ли ребёнку эти учётные записи или они без ограничений: %1</translation>
    </message>
</context>
<context>
    <name>ActionPage</name>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>&amp;Warn this many minutes before time is up:</source>
        <translation>&amp;Предупреждать за столько минут до окончания времени:</translation>
    </message>
    <message>
        <source>Separate the minutes with commas, e.g. 15, 5, 1.</source>
        <translation>Перечислите минуты через запятую, например: 15, 5, 1.</translation>
    </message>
    <message>
        <source>When time is &amp;up:</source>
        <translation>Когда время &amp;закончится:</translation>
    </message>
    <message>
        <source>Stop counting after being &amp;idle for:</source>
        <translation>Останавливать отсчёт при &amp;бездействии дольше:</translation>
    </message>
    <message>
        <source>In the last minute a countdown stays on top of every window. Shutting down or logging out can lose work the child has not saved.</source>
        <translation>В последнюю минуту поверх всех окон показывается обратный отсчёт. При выключении компьютера или выходе из системы несохранённая работа ребёнка может быть потеряна.</translation>
    </message>
    <message>
        <source>When time is &amp;up or outside the allowed hours:</source>
        <translation>Когда &amp;время вышло или вне разрешённых часов:</translation>
    </message>
</context>
<context>
    <name>AppsPage</name>
    <message>
        <source>Program names: %1</source>
        <translation>Имена программ: %1</translation>
    </message>
    <message>
        <source>Paths: %1</source>
        <translation>Пути: %1</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256: %1</translation>
    </message>
    <message>
        <source>Command lines: %1</source>
        <translation>Командные строки: %1</translation>
    </message>
    <message>
        <source>App ids: %1</source>
        <translation>Идентификаторы приложений: %1</translation>
    </message>
    <message>
        <source>From the catalogue (%1):</source>
        <translation>Из каталога (%1):</translation>
    </message>
    <message>
        <source>Added for this profile:</source>
        <translation>Добавлено для этого профиля:</translation>
    </message>
    <message>
        <source>Nothing: this app has no identities.</source>
        <translation>Ничего: у этого приложения нет признаков.</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Запрещено</translation>
    </message>
    <message>
        <source>Limited</source>
        <translation>Ограничено</translation>
    </message>
    <message>
        <source>Always allowed</source>
        <translation>Разрешено всегда</translation>
    </message>
    <message>
        <source>Every app not blocked</source>
        <translation>Все, кроме запрещённых</translation>
    </message>
    <message>
        <source>Only allowed apps (allowlist)</source>
        <translation>Только разрешённые (белый список)</translation>
    </message>
    <message>
        <source>Lock the computer</source>
        <translation>Блокировать компьютер</translation>
    </message>
    <message>
        <source>Keep always-allowed apps usable</source>
        <translation>Оставить всегда разрешённые приложения</translation>
    </message>
    <message>
        <source>Automatic: block them while web filtering is on</source>
        <translation>Автоматически: запрещать при веб-фильтрации</translation>
    </message>
    <message>
        <source>Block them</source>
        <translation>Запрещать</translation>
    </message>
    <message>
        <source>Allow them</source>
        <translation>Разрешать</translation>
    </message>
    <message>
        <source>Which apps may run</source>
        <translation>Какие приложения можно запускать</translation>
    </message>
    <message>
        <source>&amp;Apps that may run:</source>
        <translation>&amp;Можно запускать:</translation>
    </message>
    <message>
        <source>Outside the allowed hours and when time is &amp;spent:</source>
        <translation>Вне разрешённых часов и когда время &amp;закончилось:</translation>
    </message>
    <message>
        <source>&amp;Browsers that ignore filtering (Tor Browser, portable copies):</source>
        <translation>&amp;Браузеры в обход фильтра (Tor Browser, портативные):</translation>
    </message>
    <message>
        <source>With an allowlist only apps marked Always allowed or Limited run, and the system&apos;s own programs. Always-allowed apps do not count against the day&apos;s screen time.</source>
        <translation>С белым списком запускаются только приложения с правилом «Разрешено всегда» или «Ограничено», а также программы самой системы. Время во всегда разрешённых приложениях не входит в экранное время дня.</translation>
    </message>
    <message>
        <source>Time per kind of app</source>
        <translation>Время по видам приложений</translation>
    </message>
    <message>
        <source>limit to</source>
        <translation>не больше</translation>
    </message>
    <message>
        <source>Limit %1</source>
        <translation>Ограничить: %1</translation>
    </message>
    <message>
        <source> min a day</source>
        <translation> мин в день</translation>
    </message>
    <message>
        <source>Minutes a day for %1</source>
        <translation>Минут в день: %1</translation>
    </message>
    <message>
        <source>Rules for single apps</source>
        <translation>Правила для отдельных приложений</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Правило</translation>
    </message>
    <message>
        <source>Minutes a day</source>
        <translation>Минут в день</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Как распознаётся</translation>
    </message>
    <message>
        <source>No rules yet: every app follows the choices above.</source>
        <translation>Правил пока нет: все приложения подчиняются настройкам выше.</translation>
    </message>
    <message>
        <source>Running now…</source>
        <translation>Запущенные сейчас…</translation>
    </message>
    <message>
        <source>Seen recently…</source>
        <translation>Запускавшиеся недавно…</translation>
    </message>
    <message>
        <source>From the catalogue…</source>
        <translation>Из каталога…</translation>
    </message>
    <message>
        <source>A program file…</source>
        <translation>Файл программы…</translation>
    </message>
    <message>
        <source>Add app</source>
        <translation>Добавить приложение</translation>
    </message>
    <message>
        <source>A new rule blocks its app; choose Limited to give it minutes of its own each day, or Always allowed.</source>
        <translation>Новое правило запрещает приложение; выберите «Ограничено», чтобы дать ему свои минуты в день, или «Разрешено всегда».</translation>
    </message>
    <message>
        <source>Rule for %1</source>
        <translation>Правило для %1</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>As in the catalogue (%1)</source>
        <translation>Как в каталоге (%1)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Без вида</translation>
    </message>
    <message>
        <source>Kind of %1</source>
        <translation>Вид: %1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Remove the rule for %1</source>
        <translation>Удалить правило для %1</translation>
    </message>
    <message>
        <source>Add apps running now</source>
        <translation>Добавить запущенные приложения</translation>
    </message>
    <message>
        <source>Add apps seen recently</source>
        <translation>Добавить недавно запускавшиеся приложения</translation>
    </message>
    <message>
        <source>The list of programs could not be read.</source>
        <translation>Не удалось получить список программ.</translation>
    </message>
    <message>
        <source>Choose a program</source>
        <translation>Выберите программу</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Не удалось прочитать файл.</translation>
    </message>
    <message>
        <source>Whether apps close or the whole computer locks when time is up is chosen on the Warnings and action page.</source>
        <translation>Закрываются ли приложения или блокируется весь компьютер, когда время вышло, выбирается на странице «Окончание времени».</translation>
    </message>
</context>
<context>
    <name>BlockedWindow</name>
    <message>
        <source>Time is up</source>
        <translation>Время вышло</translation>
    </message>
    <message>
        <source>Parent unlock…</source>
        <translation>Разблокировка для родителей…</translation>
    </message>
    <message>
        <source>More time could not be given. Please try again.</source>
        <translation>Не удалось добавить время. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Ask for more time…</source>
        <translation>Попросить ещё времени…</translation>
    </message>
</context>
<context>
    <name>BonusPage</name>
    <message>
        <source>15 minutes more</source>
        <translation>Ещё 15 минут</translation>
    </message>
    <message>
        <source>1 hour more</source>
        <translation>Ещё 1 час</translation>
    </message>
    <message>
        <source>The rest of the day</source>
        <translation>До конца дня</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Other amount of minutes</source>
        <translation>Другое количество минут</translation>
    </message>
    <message>
        <source>Give</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>&amp;Other amount:</source>
        <translation>&amp;Другое количество:</translation>
    </message>
    <message>
        <source>Bonus time counts for today only and opens the computer at once, even outside the allowed hours.</source>
        <translation>Дополнительное время действует только сегодня и сразу открывает доступ к компьютеру, даже вне разрешённых часов.</translation>
    </message>
    <message>
        <source>Give %1 more time today:</source>
        <translation>Дополнительное время на сегодня для профиля «%1»:</translation>
    </message>
    <message>
        <source>Apply the settings first: the service does not know this profile yet.</source>
        <translation>Сначала примените настройки: служба ещё не знает об этом профиле.</translation>
    </message>
    <message>
        <source>The bonus time was not given.</source>
        <translation>Не удалось добавить дополнительное время.</translation>
    </message>
    <message>
        <source>%1 may use the computer for the rest of the day.</source>
        <translation>%1: компьютером можно пользоваться до конца дня.</translation>
    </message>
    <message>
        <source>%1 got %2 more today.</source>
        <translation>%1: на сегодня добавлено ещё %2.</translation>
    </message>
    <message>
        <source>Give time</source>
        <translation>Дать время</translation>
    </message>
    <message>
        <source>Bonus time counts for today only.</source>
        <translation>Дополнительное время действует только сегодня.</translation>
    </message>
</context>
<context>
    <name>BudgetPage</name>
    <message>
        <source>Screen time</source>
        <translation>Экранное время</translation>
    </message>
    <message>
        <source>How long may the computer be used each day?</source>
        <translation>Сколько времени в день можно пользоваться компьютером?</translation>
    </message>
    <message>
        <source>&amp;Monday to Friday:</source>
        <translation>С &amp;понедельника по пятницу:</translation>
    </message>
    <message>
        <source>&amp;Saturday and Sunday:</source>
        <translation>&amp;Суббота и воскресенье:</translation>
    </message>
    <message>
        <source>The allowed hours come from the age preset; change them, and each day&apos;s time, later in the settings.</source>
        <translation>Разрешённые часы берутся из возрастной категории; их, как и время на каждый день, можно изменить позже в настройках.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Без ограничений</translation>
    </message>
</context>
<context>
    <name>CataloguePicker</name>
    <message>
        <source>Add apps from the catalogue</source>
        <translation>Добавить приложения из каталога</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <source>Systems</source>
        <translation>Системы</translation>
    </message>
    <message>
        <source>This profile already has a rule for it.</source>
        <translation>В этом профиле для него уже есть правило.</translation>
    </message>
    <message>
        <source>No app in the catalogue matches “%1”.</source>
        <translation>В каталоге нет приложения «%1».</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>Может быть, вы имели в виду %1?</translation>
    </message>
</context>
<context>
    <name>CountdownWindow</name>
    <message>
        <source>Guardian countdown</source>
        <translation>Guardian — обратный отсчёт</translation>
    </message>
    <message>
        <source>Ask for more time…</source>
        <translation>Попросить ещё времени…</translation>
    </message>
</context>
<context>
    <name>DayEditor</name>
    <message>
        <source>Exact times</source>
        <translation>Точное время</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>No time allowed on this day.</source>
        <translation>В этот день доступа нет.</translation>
    </message>
    <message>
        <source>Add a window</source>
        <translation>Добавить интервал</translation>
    </message>
    <message>
        <source>An end at or before the start runs into the next day. 00:00 to 00:00 is the whole day.</source>
        <translation>Если конец интервала раньше начала или совпадает с ним, интервал продолжается на следующий день. С 00:00 до 00:00 — весь день.</translation>
    </message>
    <message>
        <source>Also allowed, from the day before: %1</source>
        <translation>Также разрешено (с предыдущего дня): %1</translation>
    </message>
    <message>
        <source>The whole day is already allowed.</source>
        <translation>Весь день уже разрешён.</translation>
    </message>
    <message>
        <source>A window cannot start and end at the same time. For the whole day, use 00:00 to 00:00.</source>
        <translation>Интервал не может начинаться и заканчиваться в одно и то же время. Чтобы разрешить весь день, укажите с 00:00 до 00:00.</translation>
    </message>
    <message>
        <source>Some windows on this day overlap; merge them into one.</source>
        <translation>Некоторые интервалы в этот день пересекаются; объедините их в один.</translation>
    </message>
    <message>
        <source>An end at or before the start runs into the next day. %1 to %1 is the whole day.</source>
        <translation>Конец раньше начала или равный ему переходит на следующий день. С %1 до %1 — весь день.</translation>
    </message>
    <message>
        <source>A window cannot start and end at the same time. For the whole day, use %1 to %1.</source>
        <translation>Промежуток не может начинаться и заканчиваться в одно время. Для всего дня укажите с %1 до %1.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up Guardian</source>
        <translation>Настройка Guardian</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>нельзя</translation>
    </message>
    <message>
        <source>%1, any time within those hours</source>
        <translation>%1, сколько угодно в эти часы</translation>
    </message>
    <message>
        <source>%1, %2 in all</source>
        <translation>%1, всего %2</translation>
    </message>
    <message>
        <source>Monday to Friday</source>
        <translation>С понедельника по пятницу</translation>
    </message>
    <message>
        <source>Saturday and Sunday</source>
        <translation>Суббота и воскресенье</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Каждый день</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>GrantDialog</name>
    <message>
        <source>Give more time</source>
        <translation>Дополнительное время</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 минут</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 час</translation>
    </message>
    <message>
        <source>The rest of the day</source>
        <translation>До конца дня</translation>
    </message>
    <message>
        <source>How much more time may be used today?</source>
        <translation>Сколько времени добавить на сегодня?</translation>
    </message>
    <message>
        <source>Other:</source>
        <translation>Другое:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Give time</source>
        <translation>Добавить время</translation>
    </message>
    <message>
        <source>How much more time may %1 use today?</source>
        <translation>Сколько ещё времени дать сегодня: %1?</translation>
    </message>
</context>
<context>
    <name>HoursCanvas</name>
    <message>
        <source>Allowed hours, Monday to Sunday</source>
        <translation>Разрешённые часы, с понедельника по воскресенье</translation>
    </message>
    <message>
        <source>Arrow keys move between quarter hours and days, Space allows or forbids the quarter hour, Shift with an arrow key gives the next quarter hour the same state.</source>
        <translation>Клавиши со стрелками переходят между четвертями часа и днями, пробел разрешает или запрещает четверть часа, а Shift со стрелкой задаёт следующей четверти часа то же состояние.</translation>
    </message>
    <message>
        <source>%1, %2–%3</source>
        <translation>%1, %2–%3</translation>
    </message>
    <message>
        <source>%1: allowed</source>
        <translation>%1: разрешено</translation>
    </message>
    <message>
        <source>%1: not allowed</source>
        <translation>%1: запрещено</translation>
    </message>
    <message numerus="yes">
        <source>%1: allowed for %n min</source>
        <translation>
            <numerusform>%1: разрешено %n мин</numerusform>
            <numerusform>%1: разрешено %n мин</numerusform>
            <numerusform>%1: разрешено %n мин</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeptRulesPage</name>
    <message>
        <source>Ready</source>
        <translation>Всё готово</translation>
    </message>
    <message>
        <source>The parent password is set. The rules on this computer are managed by your school or organisation; Guardian keeps them and setup changes nothing else.</source>
        <translation>Пароль родителя задан. Правилами на этом компьютере управляет школа или организация; Guardian сохраняет их, и мастер настройки больше ничего не меняет.</translation>
    </message>
    <message>
        <source>The parent password is set. This computer already has rules for Guardian; they stay as they are. Change them any time in the parent settings.</source>
        <translation>Пароль родителя задан. На этом компьютере уже есть правила Guardian; они остаются как есть. Изменить их можно в любой момент в родительских настройках.</translation>
    </message>
    <message>
        <source>The parent password is set. Guardian could not tell whether rules already exist, so it changed none; set them in the parent settings.</source>
        <translation>Пароль родителя задан. Guardian не смог узнать, есть ли уже правила, поэтому ничего не изменил; задайте их в родительских настройках.</translation>
    </message>
</context>
<context>
    <name>LabReport</name>
    <message>
        <source>None this week.</source>
        <translation>За эту неделю нет.</translation>
    </message>
    <message>
        <source>Lab summary, week %1</source>
        <translation>Сводка по классу, неделя %1</translation>
    </message>
    <message>
        <source>Made %1</source>
        <translation>Составлена %1</translation>
    </message>
    <message>
        <source>Screen time</source>
        <translation>Экранное время</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>Компьютеры</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Учётные записи</translation>
    </message>
    <message>
        <source>Blocked app launches</source>
        <translation>Заблокированные запуски приложений</translation>
    </message>
    <message>
        <source>Blocked site lookups</source>
        <translation>Заблокированные обращения к сайтам</translation>
    </message>
    <message>
        <source>Tamper events</source>
        <translation>Попытки обхода</translation>
    </message>
    <message>
        <source>Screen time per day</source>
        <translation>Экранное время по дням</translation>
    </message>
    <message>
        <source>Screen time by hour of day</source>
        <translation>Экранное время по часам суток</translation>
    </message>
    <message>
        <source>Screen time per machine</source>
        <translation>Экранное время по компьютерам</translation>
    </message>
    <message>
        <source>The %1 busiest of %2 machines; the table below lists them all.</source>
        <translation>%1 самых загруженных из %2 компьютеров; все они перечислены в таблице ниже.</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Профили</translation>
    </message>
    <message>
        <source>Blocked apps</source>
        <translation>Заблокировано приложений</translation>
    </message>
    <message>
        <source>Blocked sites</source>
        <translation>Заблокированные сайты</translation>
    </message>
    <message>
        <source>Tamper</source>
        <translation>Обход</translation>
    </message>
    <message>
        <source>Summary made</source>
        <translation>Сводка составлена</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Учётная запись</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <source>Top apps</source>
        <translation>Популярные приложения</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Blocked launches</source>
        <translation>Заблокировано запусков</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Категории</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокировано</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Разрешено</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Правило</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>%1 more tamper events are not listed.</source>
        <translation>Ещё попыток обхода, не показанных здесь: %1.</translation>
    </message>
    <message>
        <source>Files not merged</source>
        <translation>Файлы, не вошедшие в сводку</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>The new language is used the next time Guardian starts.</source>
        <translation>Новый язык будет применён при следующем запуске Guardian.</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>Screen time is running out</source>
        <translation>Экранное время заканчивается</translation>
    </message>
    <message numerus="yes">
        <source>The screen locks in %n minute(s).</source>
        <translation>
            <numerusform>Экран заблокируется через %n минуту.</numerusform>
            <numerusform>Экран заблокируется через %n минуты.</numerusform>
            <numerusform>Экран заблокируется через %n минут.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You will be logged out in %n minute(s).</source>
        <translation>
            <numerusform>Выход из системы через %n минуту.</numerusform>
            <numerusform>Выход из системы через %n минуты.</numerusform>
            <numerusform>Выход из системы через %n минут.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer shuts down in %n minute(s).</source>
        <translation>
            <numerusform>Компьютер выключится через %n минуту.</numerusform>
            <numerusform>Компьютер выключится через %n минуты.</numerusform>
            <numerusform>Компьютер выключится через %n минут.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer goes to sleep in %n minute(s).</source>
        <translation>
            <numerusform>Компьютер перейдёт в спящий режим через %n минуту.</numerusform>
            <numerusform>Компьютер перейдёт в спящий режим через %n минуты.</numerusform>
            <numerusform>Компьютер перейдёт в спящий режим через %n минут.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Apps close in %n minute(s); always-allowed apps stay open.</source>
        <translation>
            <numerusform>Приложения закроются через %n минуту; всегда разрешённые останутся открытыми.</numerusform>
            <numerusform>Приложения закроются через %n минуты; всегда разрешённые останутся открытыми.</numerusform>
            <numerusform>Приложения закроются через %n минут; всегда разрешённые останутся открытыми.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was closed</source>
        <translation>Приложение «%1» закрыто</translation>
    </message>
    <message>
        <source>Your parent has blocked this app.</source>
        <translation>Родители запретили это приложение.</translation>
    </message>
    <message>
        <source>Only the apps your parent has allowed can be used now.</source>
        <translation>Сейчас можно пользоваться только приложениями, которые разрешили родители.</translation>
    </message>
    <message>
        <source>This browser cannot be filtered. Use one of the usual browsers.</source>
        <translation>Этот браузер нельзя отфильтровать. Пользуйся одним из обычных браузеров.</translation>
    </message>
    <message>
        <source>Today&apos;s time for this app is used up.</source>
        <translation>Время для этого приложения на сегодня закончилось.</translation>
    </message>
    <message>
        <source>Today&apos;s time for apps of this kind is used up.</source>
        <translation>Время для приложений этого вида на сегодня закончилось.</translation>
    </message>
    <message>
        <source>It is downtime: only always-allowed apps can be used.</source>
        <translation>Сейчас перерыв: можно пользоваться только всегда разрешёнными приложениями.</translation>
    </message>
    <message>
        <source>%1: time is running out</source>
        <translation>%1: время заканчивается</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) left for today; the app then closes.</source>
        <translation>
            <numerusform>На сегодня осталась %n минута, потом приложение закроется.</numerusform>
            <numerusform>На сегодня осталось %n минуты, потом приложение закроется.</numerusform>
            <numerusform>На сегодня осталось %n минут, потом приложение закроется.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Parent password</source>
        <translation>Пароль родителя</translation>
    </message>
    <message>
        <source>Enter the parent password to continue.</source>
        <translation>Чтобы продолжить, введите пароль родителя.</translation>
    </message>
    <message>
        <source>Wrong password. Try again.</source>
        <translation>Неверный пароль. Попробуйте ещё раз.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passwords. Try again in %n s.</source>
        <translation>
            <numerusform>Слишком много неверных попыток. Повторите через %n с.</numerusform>
            <numerusform>Слишком много неверных попыток. Повторите через %n с.</numerusform>
            <numerusform>Слишком много неверных попыток. Повторите через %n с.</numerusform>
        </translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Теперь можно попробовать снова.</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running, so settings cannot be opened now.</source>
        <translation>Служба Guardian не запущена, поэтому сейчас открыть настройки нельзя.</translation>
    </message>
</context>
<context>
    <name>PasswordPage</name>
    <message>
        <source>Parent password</source>
        <translation>Пароль родителя</translation>
    </message>
    <message numerus="yes">
        <source>The password protects the settings. Choose one the child does not know, at least %n characters long.</source>
        <translation>
            <numerusform>Пароль защищает настройки. Придумайте пароль, которого ребёнок не знает, длиной не менее %n символа.</numerusform>
            <numerusform>Пароль защищает настройки. Придумайте пароль, которого ребёнок не знает, длиной не менее %n символов.</numerusform>
            <numerusform>Пароль защищает настройки. Придумайте пароль, которого ребёнок не знает, длиной не менее %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>По&amp;вторите пароль:</translation>
    </message>
    <message>
        <source>The service did not accept the password: %1</source>
        <translation>Служба не приняла пароль: %1</translation>
    </message>
</context>
<context>
    <name>Picker</name>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
</context>
<context>
    <name>PolicyDraft</name>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Age preset</source>
        <translation>Возрастная категория</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Учётные записи</translation>
    </message>
    <message>
        <source>Screen time per day</source>
        <translation>Экранное время в день</translation>
    </message>
    <message>
        <source>Screen time per week</source>
        <translation>Экранное время в неделю</translation>
    </message>
    <message>
        <source>Allowed hours</source>
        <translation>Разрешённые часы</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Предупреждения</translation>
    </message>
    <message>
        <source>When time is up</source>
        <translation>Когда время закончится</translation>
    </message>
    <message>
        <source>Idle minutes</source>
        <translation>Минуты бездействия</translation>
    </message>
    <message>
        <source>Apps</source>
        <translation>Приложения</translation>
    </message>
    <message>
        <source>Which apps may run</source>
        <translation>Какие приложения можно запускать</translation>
    </message>
    <message>
        <source>Time per kind of app</source>
        <translation>Время по видам приложений</translation>
    </message>
    <message>
        <source>In downtime</source>
        <translation>Во время перерыва</translation>
    </message>
    <message>
        <source>Browsers that ignore filtering</source>
        <translation>Браузеры, которые обходят фильтрацию</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Профили</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Profile “%1”, %2</source>
        <translation>Профиль «%1», %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Сайты</translation>
    </message>
    <message>
        <source>Resolver for the whole computer</source>
        <translation>DNS-сервер для всего компьютера</translation>
    </message>
    <message>
        <source>Write a summary every week</source>
        <translation>Сводка каждую неделю</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <source>Weeks kept</source>
        <translation>Сколько недель хранить</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>Форматы</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Weeks start on</source>
        <translation>Начало недели</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>Почтовый сервер</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Защита</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Отправитель</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Получатели</translation>
    </message>
    <message>
        <source>Weekly summary</source>
        <translation>Недельная сводка</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>Может быть, имелось в виду %1?</translation>
    </message>
</context>
<context>
    <name>PresetPage</name>
    <message>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <source>Pick the child&apos;s age group; it fills in sensible times you can adjust.</source>
        <translation>Выберите возрастную категорию ребёнка: она задаст разумные ограничения по времени, которые потом можно изменить.</translation>
    </message>
    <message>
        <source>The labels are the age ratings used for films and games (0+, 6+, 12+, 16+, 18+): each names the youngest age it is meant for.</source>
        <translation>Метки — это возрастные категории, как у фильмов и игр (0+, 6+, 12+, 16+, 18+): каждая называет младший возраст, для которого она подходит.</translation>
    </message>
</context>
<context>
    <name>ProblemBanner</name>
    <message>
        <source>&lt;b&gt;Guardian needs your attention&lt;/b&gt;</source>
        <translation>&lt;b&gt;Guardian требует вашего внимания&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ProblemRow</name>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Скрыть</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Add a profile</source>
        <translation>Добавить профиль</translation>
    </message>
    <message>
        <source>Remove this profile</source>
        <translation>Удалить этот профиль</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>&amp;Age preset:</source>
        <translation>&amp;Возрастная категория:</translation>
    </message>
    <message>
        <source>Accounts on this computer</source>
        <translation>Учётные записи на этом компьютере</translation>
    </message>
    <message>
        <source>&amp;Default profile:</source>
        <translation>Профиль по &amp;умолчанию:</translation>
    </message>
    <message>
        <source>The default profile restricts every account not given a profile above, including accounts created later.</source>
        <translation>Профиль по умолчанию ограничивает все учётные записи, которым выше не назначен профиль, в том числе созданные позже.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Account&lt;/b&gt;</source>
        <translation>&lt;b&gt;Учётная запись&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rules&lt;/b&gt;</source>
        <translation>&lt;b&gt;Правила&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1 (not found on this computer)</source>
        <translation>%1 (нет на этом компьютере)</translation>
    </message>
    <message>
        <source>Administrator: a child using an administrator account can get around the limits.</source>
        <translation>Администратор: под учётной записью администратора ребёнок может обойти ограничения.</translation>
    </message>
    <message>
        <source>Rules for %1</source>
        <translation>Правила для %1</translation>
    </message>
    <message>
        <source>Default profile (%1)</source>
        <translation>Профиль по умолчанию (%1)</translation>
    </message>
    <message>
        <source>Not restricted</source>
        <translation>Без ограничений</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Новый профиль</translation>
    </message>
</context>
<context>
    <name>ProgramPicker</name>
    <message>
        <source>Program</source>
        <translation>Программа</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Учётная запись</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Последний запуск</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No programs to show.</source>
        <translation>Нет программ для показа.</translation>
    </message>
</context>
<context>
    <name>RecentSitesWindow</name>
    <message>
        <source>Recently blocked sites</source>
        <translation>Недавно заблокированные сайты</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Почему</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>The list could not be read: %1</source>
        <translation>Не удалось получить список: %1</translation>
    </message>
    <message>
        <source>No site was blocked lately.</source>
        <translation>В последнее время сайты не блокировались.</translation>
    </message>
    <message>
        <source>Ask or tell</source>
        <translation>Попросить или рассказать</translation>
    </message>
    <message>
        <source>Ask for access…</source>
        <translation>Попросить доступ…</translation>
    </message>
    <message>
        <source>Ask for access to %1</source>
        <translation>Попросить доступ к %1</translation>
    </message>
    <message>
        <source>Tell my parent…</source>
        <translation>Рассказать родителю…</translation>
    </message>
    <message>
        <source>Tell my parent about %1</source>
        <translation>Рассказать родителю о %1</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Weekly summary: %1</source>
        <translation>Итоги недели: %1</translation>
    </message>
    <message>
        <source>Week %1 · computer %2 · age preset %3</source>
        <translation>Неделя %1 · компьютер %2 · возрастной набор %3</translation>
    </message>
    <message>
        <source>Apps closed by Guardian</source>
        <translation>Приложения, закрытые Guardian</translation>
    </message>
    <message>
        <source>Guardian closed no apps this week.</source>
        <translation>За эту неделю Guardian не закрыл ни одного приложения.</translation>
    </message>
    <message>
        <source>Requests for more time</source>
        <translation>Просьбы о дополнительном времени</translation>
    </message>
    <message>
        <source>No requests this week.</source>
        <translation>За эту неделю просьб не было.</translation>
    </message>
    <message>
        <source>Bonus time given</source>
        <translation>Выданное дополнительное время</translation>
    </message>
    <message>
        <source>No bonus time was given this week.</source>
        <translation>За эту неделю дополнительное время не выдавалось.</translation>
    </message>
    <message>
        <source>Tampering and warnings</source>
        <translation>Попытки обхода и предупреждения</translation>
    </message>
    <message>
        <source>Nothing suspicious happened this week.</source>
        <translation>За эту неделю ничего подозрительного не произошло.</translation>
    </message>
    <message>
        <source>Changes to the settings</source>
        <translation>Изменения настроек</translation>
    </message>
    <message>
        <source>The settings did not change this week.</source>
        <translation>За эту неделю настройки не менялись.</translation>
    </message>
    <message>
        <source>Made by Guardian %1 on %2. Times are in the time zone %3.</source>
        <translation>Составлено Guardian %1: %2. Время указано в часовом поясе %3.</translation>
    </message>
    <message>
        <source>Screen time per day against the daily limit</source>
        <translation>Время за компьютером по дням и дневной лимит</translation>
    </message>
    <message>
        <source>Screen time by hour of day</source>
        <translation>Время за компьютером по часам суток</translation>
    </message>
    <message>
        <source>Most used apps</source>
        <translation>Самые используемые приложения</translation>
    </message>
    <message>
        <source>Time per category</source>
        <translation>Время по категориям</translation>
    </message>
    <message>
        <source>The week was not over when this summary was made (%1): days still ahead are not counted.</source>
        <translation>Неделя ещё не закончилась, когда составлялись эти итоги (%1): оставшиеся дни не учтены.</translation>
    </message>
    <message>
        <source>Screen time</source>
        <translation>Время за компьютером</translation>
    </message>
    <message>
        <source>weekly limit %1</source>
        <translation>недельный лимит %1</translation>
    </message>
    <message>
        <source>A day on average</source>
        <translation>В среднем за день</translation>
    </message>
    <message>
        <source>days counted: %1</source>
        <translation>учтено дней: %1</translation>
    </message>
    <message>
        <source>Against last week</source>
        <translation>По сравнению с прошлой неделей</translation>
    </message>
    <message>
        <source>last week %1</source>
        <translation>на прошлой неделе %1</translation>
    </message>
    <message>
        <source>Bonus time</source>
        <translation>Дополнительное время</translation>
    </message>
    <message>
        <source>Apps closed</source>
        <translation>Закрыто приложений</translation>
    </message>
    <message>
        <source>Sites blocked</source>
        <translation>Заблокировано сайтов</translation>
    </message>
    <message>
        <source>Tampering</source>
        <translation>Попытки обхода</translation>
    </message>
    <message>
        <source>no limit for the rest of the day</source>
        <translation>без лимита до конца дня</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Daily limit</source>
        <translation>Дневной лимит</translation>
    </message>
    <message>
        <source>Of the limit</source>
        <translation>От лимита</translation>
    </message>
    <message>
        <source>Weekly limit: %1; used %2 (%3).</source>
        <translation>Недельный лимит: %1; использовано %2 (%3).</translation>
    </message>
    <message>
        <source>Screen time per day</source>
        <translation>Время за компьютером по дням</translation>
    </message>
    <message>
        <source>Darker cells: more screen time in that hour.</source>
        <translation>Чем темнее клетка, тем больше времени за компьютером в этот час.</translation>
    </message>
    <message>
        <source>The busiest hour was %1, %2 (%3).</source>
        <translation>Самый загруженный час: %1, %2 (%3).</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Час</translation>
    </message>
    <message>
        <source>Screen time over the week</source>
        <translation>Время за неделю</translation>
    </message>
    <message>
        <source>Time by hour of day</source>
        <translation>Время по часам суток</translation>
    </message>
    <message>
        <source>No screen time was counted this week.</source>
        <translation>За эту неделю время за компьютером не учтено.</translation>
    </message>
    <message>
        <source>Only the %1 most used apps are listed.</source>
        <translation>Показаны только %1 самых используемых приложений.</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Times closed</source>
        <translation>Закрыто раз</translation>
    </message>
    <message>
        <source>Time per app</source>
        <translation>Время по приложениям</translation>
    </message>
    <message>
        <source>No app was used this week.</source>
        <translation>За эту неделю приложения не использовались.</translation>
    </message>
    <message>
        <source>Of screen time</source>
        <translation>От общего времени</translation>
    </message>
    <message>
        <source>No app of a known category was used this week.</source>
        <translation>За эту неделю не использовались приложения известных категорий.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Учётная запись</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Неделя</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Учётные записи</translation>
    </message>
    <message>
        <source>Screen time of each computer account under this profile.</source>
        <translation>Время каждой учётной записи компьютера с этим профилем.</translation>
    </message>
    <message>
        <source>No account of this profile used the computer this week.</source>
        <translation>За эту неделю ни одна учётная запись этого профиля не пользовалась компьютером.</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Сайты</translation>
    </message>
    <message>
        <source>Site rules were off all week.</source>
        <translation>Правила для сайтов всю неделю были выключены.</translation>
    </message>
    <message>
        <source>%1 lookups let through, %2 blocked, %3 different sites.</source>
        <translation>Запросов пропущено: %1, заблокировано: %2; разных сайтов: %3.</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Let through</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокировано</translation>
    </message>
    <message>
        <source>Busiest sites</source>
        <translation>Самые посещаемые сайты</translation>
    </message>
    <message>
        <source>Times blocked</source>
        <translation>Заблокировано раз</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Blocked sites</source>
        <translation>Заблокированные сайты</translation>
    </message>
    <message>
        <source>No site was looked up this week.</source>
        <translation>За эту неделю сайты не открывались.</translation>
    </message>
    <message>
        <source>And %1 more not listed here.</source>
        <translation>Ещё %1 здесь не показано.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>Compared with last week</source>
        <translation>Сравнение с прошлой неделей</translation>
    </message>
    <message>
        <source>There is no record of last week.</source>
        <translation>Данных о прошлой неделе нет.</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Эта неделя</translation>
    </message>
    <message>
        <source>Last week (%1)</source>
        <translation>Прошлая неделя (%1)</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Over the limit</source>
        <translation>Сверх лимита</translation>
    </message>
    <message>
        <source>in an hour</source>
        <translation>за час</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без лимита</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>Без категории</translation>
    </message>
    <message>
        <source>Games</source>
        <translation>Игры</translation>
    </message>
    <message>
        <source>Browsers</source>
        <translation>Браузеры</translation>
    </message>
    <message>
        <source>Social and messengers</source>
        <translation>Соцсети и мессенджеры</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Видео</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>Учёба</translation>
    </message>
    <message>
        <source>Creativity</source>
        <translation>Творчество</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Системные</translation>
    </message>
    <message>
        <source>on the blocked list</source>
        <translation>в списке запрещённых</translation>
    </message>
    <message>
        <source>not on the allowed list</source>
        <translation>нет в списке разрешённых</translation>
    </message>
    <message>
        <source>a browser Guardian cannot filter</source>
        <translation>браузер, который Guardian не может фильтровать</translation>
    </message>
    <message>
        <source>the app&apos;s time for the day was used up</source>
        <translation>время приложения на день исчерпано</translation>
    </message>
    <message>
        <source>the day&apos;s time for apps of this kind was used up</source>
        <translation>время на день для приложений этого вида исчерпано</translation>
    </message>
    <message>
        <source>downtime</source>
        <translation>время отдыха от экрана</translation>
    </message>
    <message>
        <source>category %1</source>
        <translation>категория %1</translation>
    </message>
    <message>
        <source>category %1 outside its hours</source>
        <translation>категория %1 вне разрешённых часов</translation>
    </message>
    <message>
        <source>on your blocked list</source>
        <translation>в вашем списке запрещённых</translation>
    </message>
    <message>
        <source>outside its allowed hours</source>
        <translation>вне разрешённых часов</translation>
    </message>
    <message>
        <source>Firefox&apos;s check before its own encrypted DNS</source>
        <translation>проверка Firefox перед включением собственного шифрованного DNS</translation>
    </message>
    <message>
        <source>The computer&apos;s clock was moved forward by %1</source>
        <translation>Часы компьютера переведены вперёд на %1</translation>
    </message>
    <message>
        <source>The computer&apos;s clock was moved back by %1</source>
        <translation>Часы компьютера переведены назад на %1</translation>
    </message>
    <message>
        <source>The clock was moved forward by %1 while Guardian was off</source>
        <translation>Часы переведены вперёд на %1, пока Guardian не работал</translation>
    </message>
    <message>
        <source>The clock was moved back by %1 while Guardian was off</source>
        <translation>Часы переведены назад на %1, пока Guardian не работал</translation>
    </message>
    <message>
        <source>The computer&apos;s clock was changed</source>
        <translation>Часы компьютера были изменены</translation>
    </message>
    <message>
        <source>The clock was changed while Guardian was off</source>
        <translation>Часы были изменены, пока Guardian не работал</translation>
    </message>
    <message>
        <source>Guardian&apos;s secrets file was changed by another program: %1</source>
        <translation>Файл секретов Guardian изменён другой программой: %1</translation>
    </message>
    <message>
        <source>The child&apos;s account %2 is an administrator</source>
        <translation>Учётная запись ребёнка %2 имеет права администратора</translation>
    </message>
    <message>
        <source>Guardian&apos;s tray was stopped in the account %2</source>
        <translation>Значок Guardian в трее остановлен в учётной записи %2</translation>
    </message>
    <message>
        <source>Tampering: %1</source>
        <translation>Попытка обхода: %1</translation>
    </message>
    <message>
        <source>%1 closed: %2</source>
        <translation>%1 закрыто: %2</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 заблокирован</translation>
    </message>
    <message>
        <source>%1 blocked: %2</source>
        <translation>%1 заблокирован: %2</translation>
    </message>
    <message>
        <source>Request for %1 more</source>
        <translation>Просьба: ещё %1</translation>
    </message>
    <message>
        <source>Request for more time</source>
        <translation>Просьба о дополнительном времени</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation>%1: «%2»</translation>
    </message>
    <message>
        <source>%1 of bonus time given</source>
        <translation>Выдано дополнительное время: %1</translation>
    </message>
    <message>
        <source>No limit for the rest of the day</source>
        <translation>Без лимита до конца дня</translation>
    </message>
    <message>
        <source>A wrong parent password was tried from the account %1</source>
        <translation>Введён неверный пароль родителя из учётной записи %1</translation>
    </message>
    <message>
        <source>%1 (failed attempts in a row: %2)</source>
        <translation>%1 (неудачных попыток подряд: %2)</translation>
    </message>
    <message>
        <source>A new account %1 appeared, restricted by profile %2</source>
        <translation>Появилась новая учётная запись %1 с профилем %2</translation>
    </message>
    <message>
        <source>A new account %1 appeared, not restricted</source>
        <translation>Появилась новая учётная запись %1 без ограничений</translation>
    </message>
    <message>
        <source>A parent changed the settings</source>
        <translation>Родитель изменил настройки</translation>
    </message>
    <message>
        <source>The settings file was edited by hand and applied</source>
        <translation>Файл настроек изменён вручную и применён</translation>
    </message>
    <message>
        <source>The settings file was edited by hand and refused: %1</source>
        <translation>Файл настроек изменён вручную и отклонён: %1</translation>
    </message>
    <message>
        <source>The parent password was changed</source>
        <translation>Пароль родителя изменён</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Просьба</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Requests for time and access</source>
        <translation>Просьбы о времени и доступе</translation>
    </message>
    <message>
        <source>The child&apos;s message</source>
        <translation>Сообщение ребёнка</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <source>The child found these sites disturbing or harmful and told you. To block one, open Guardian on this computer: Parent settings → Requests, and choose Block it.</source>
        <translation>Эти сайты расстроили или напугали ребёнка, и он(а) рассказал(а) вам о них. Чтобы заблокировать сайт, откройте Guardian на этом компьютере: Родительские настройки → Запросы, и выберите «Заблокировать».</translation>
    </message>
    <message>
        <source>Sites reported by the child</source>
        <translation>Сайты, о которых рассказал ребёнок</translation>
    </message>
    <message>
        <source>The child reported no site this week.</source>
        <translation>На этой неделе ребёнок ни о каком сайте не рассказывал.</translation>
    </message>
    <message>
        <source>Site reported by the child: %1</source>
        <translation>Ребёнок рассказал о сайте %1</translation>
    </message>
    <message>
        <source>Request to use %1</source>
        <translation>Просьба разрешить %1</translation>
    </message>
    <message>
        <source>Request to open the site %1</source>
        <translation>Просьба открыть сайт %1</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Разрешено</translation>
    </message>
    <message>
        <source>Approved: no limit for the rest of the day</source>
        <translation>Одобрено: без лимита до конца дня</translation>
    </message>
    <message>
        <source>Approved: %1</source>
        <translation>Одобрено: %1</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Одобрено</translation>
    </message>
    <message>
        <source>%1, also outside the allowed hours</source>
        <translation>%1, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Без ответа</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Отказано</translation>
    </message>
    <message>
        <source>Site blocked for this profile</source>
        <translation>Сайт заблокирован для этого профиля</translation>
    </message>
    <message>
        <source>Seen by a parent</source>
        <translation>Родитель прочитал</translation>
    </message>
    <message>
        <source>Taken back by the child</source>
        <translation>Ребёнок отменил просьбу</translation>
    </message>
    <message>
        <source>Not answered that day</source>
        <translation>Без ответа в тот день</translation>
    </message>
    <message>
        <source>%1 (with the parent password)</source>
        <translation>%1 (паролем родителя)</translation>
    </message>
    <message>
        <source>%1 (with a code from the parent&apos;s phone)</source>
        <translation>%1 (кодом с телефона родителя)</translation>
    </message>
    <message>
        <source>%1 of bonus time given, also outside the allowed hours</source>
        <translation>Выдано дополнительное время: %1, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source>No limit for the rest of the day, also outside the allowed hours</source>
        <translation>Без лимита до конца дня, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Sites allowed at some hours</source>
        <translation>Сайты, разрешённые в определённые часы</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Сайты</translation>
    </message>
    <message>
        <source>Kinds of sites</source>
        <translation>Виды сайтов</translation>
    </message>
    <message>
        <source>&amp;Sites (separate them with commas):</source>
        <translation>&amp;Сайты (через запятую):</translation>
    </message>
    <message>
        <source>&amp;Kinds of sites:</source>
        <translation>&amp;Виды сайтов:</translation>
    </message>
    <message>
        <source>They open only in the hours marked below and are blocked at every other time, even if nothing else blocks them.</source>
        <translation>Они открываются только в отмеченные ниже часы, а в остальное время заблокированы, даже если ничто другое их не блокирует.</translation>
    </message>
    <message>
        <source>Name some sites or tick some kinds of sites.</source>
        <translation>Укажите сайты или отметьте виды сайтов.</translation>
    </message>
</context>
<context>
    <name>SecurityPage</name>
    <message>
        <source>Change the password</source>
        <translation>Сменить пароль</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Новый пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>По&amp;вторите пароль:</translation>
    </message>
    <message numerus="yes">
        <source>Choose a password the child does not know, at least %n characters long.</source>
        <translation>
            <numerusform>Придумайте пароль, которого ребёнок не знает, длиной не менее %n символа.</numerusform>
            <numerusform>Придумайте пароль, которого ребёнок не знает, длиной не менее %n символов.</numerusform>
            <numerusform>Придумайте пароль, которого ребёнок не знает, длиной не менее %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <source>The password was changed.</source>
        <translation>Пароль изменён.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Same as the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>The list of accounts on this computer could not be read; only the accounts already in the settings are shown.</source>
        <translation>Не удалось прочитать список учётных записей на этом компьютере; показаны только учётные записи, которые уже есть в настройках.</translation>
    </message>
    <message>
        <source>Guardian settings</source>
        <translation>Настройки Guardian</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Профиль:</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Профили</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Apps</source>
        <translation>Приложения</translation>
    </message>
    <message>
        <source>Warnings and action</source>
        <translation>Окончание времени</translation>
    </message>
    <message>
        <source>Bonus time</source>
        <translation>Дополнительное время</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Безопасность</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The settings were not saved.</source>
        <translation>Настройки не сохранены.</translation>
    </message>
    <message>
        <source>The service did not accept the settings.</source>
        <translation>Служба не приняла настройки.</translation>
    </message>
    <message>
        <source>No time limits and no fixed hours.</source>
        <translation>Без ограничений по времени; разрешены любые часы.</translation>
    </message>
    <message>
        <source>%1 on school days, %2 at weekends; allowed %3 (weekends %4).</source>
        <translation>%1 в будни, %2 в выходные; разрешено %3 (в выходные %4).</translation>
    </message>
    <message numerus="yes">
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>Пароль должен содержать не менее %n символа.</numerusform>
            <numerusform>Пароль должен содержать не менее %n символов.</numerusform>
            <numerusform>Пароль должен содержать не менее %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Пароли не совпадают.</translation>
    </message>
    <message>
        <source>The problem was not dismissed.</source>
        <translation>Не удалось скрыть проблему.</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Сайты</translation>
    </message>
    <message>
        <source>Weekly summary</source>
        <translation>Недельная сводка</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Запросы</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>Отменить изменения?</translation>
    </message>
    <message>
        <source>The settings were changed and not saved. Save them, or close without them?</source>
        <translation>Настройки изменены и не сохранены. Сохранить их или закрыть без них?</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Не сохранять</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Продолжить правку</translation>
    </message>
    <message>
        <source>Close apps; always-allowed apps stay usable</source>
        <translation>Закрыть приложения; всегда разрешённые остаются доступны</translation>
    </message>
    <message>
        <source>Close apps; always-allowed apps stay usable (else: %1)</source>
        <translation>Закрыть приложения; всегда разрешённые остаются доступны (иначе: %1)</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>Заблокировать экран</translation>
    </message>
    <message>
        <source>Log the child out</source>
        <translation>Завершить сеанс ребёнка</translation>
    </message>
    <message>
        <source>Shut the computer down</source>
        <translation>Выключить компьютер</translation>
    </message>
    <message>
        <source>Put the computer to sleep</source>
        <translation>Перевести компьютер в сон</translation>
    </message>
    <message>
        <source>Apps not marked Always allowed close; the child stays logged in and can use the always-allowed ones. Where Guardian cannot close apps, it does this instead: %1.</source>
        <translation>Приложения, не отмеченные «Всегда разрешено», закрываются; ребёнок остаётся в системе и может пользоваться всегда разрешёнными. Где Guardian не может закрывать приложения, он вместо этого сделает так: %1.</translation>
    </message>
    <message>
        <source>The screen locks; open programs and unsaved work stay as they are.</source>
        <translation>Экран блокируется; открытые программы и несохранённая работа остаются как есть.</translation>
    </message>
    <message>
        <source>The child is logged out; programs close and unsaved work is lost.</source>
        <translation>Сеанс ребёнка завершается; программы закрываются, несохранённая работа теряется.</translation>
    </message>
    <message>
        <source>The computer turns off; programs close and unsaved work is lost.</source>
        <translation>Компьютер выключается; программы закрываются, несохранённая работа теряется.</translation>
    </message>
    <message>
        <source>The computer goes to sleep; open programs stay as they are.</source>
        <translation>Компьютер засыпает; открытые программы остаются как есть.</translation>
    </message>
    <message>
        <source>under 6</source>
        <translation>до 6 лет</translation>
    </message>
    <message>
        <source>ages 6 to 11</source>
        <translation>от 6 до 11 лет</translation>
    </message>
    <message>
        <source>ages 12 to 15</source>
        <translation>от 12 до 15 лет</translation>
    </message>
    <message>
        <source>ages 16 and 17</source>
        <translation>16 и 17 лет</translation>
    </message>
    <message>
        <source>adults, 18 and over</source>
        <translation>взрослые, от 18 лет</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>For small children: short use, in the daytime only.</source>
        <translation>Для маленьких детей: недолго и только днём.</translation>
    </message>
    <message>
        <source>For primary school children: a little more time, ending before the evening.</source>
        <translation>Для младших школьников: чуть больше времени, до вечера.</translation>
    </message>
    <message>
        <source>For older children: more time, with a later evening end.</source>
        <translation>Для детей постарше: больше времени, вечером можно дольше.</translation>
    </message>
    <message>
        <source>For teenagers: most of the day, until late in the evening.</source>
        <translation>Для подростков: большая часть дня, до позднего вечера.</translation>
    </message>
    <message>
        <source>For adults: Guardian counts the time but limits nothing.</source>
        <translation>Для взрослых: Guardian считает время, но ничего не ограничивает.</translation>
    </message>
    <message>
        <source>%1 It sets: %2</source>
        <translation>%1 Что задаёт: %2</translation>
    </message>
</context>
<context>
    <name>SiteTexts</name>
    <message>
        <source>Pornography and other adult-only sites</source>
        <translation>Порнография и другие сайты только для взрослых</translation>
    </message>
    <message>
        <source>Sites that mix adult content with other content</source>
        <translation>Сайты, где среди прочего есть материалы для взрослых</translation>
    </message>
    <message>
        <source>Lingerie and swimwear</source>
        <translation>Нижнее бельё и купальники</translation>
    </message>
    <message>
        <source>Dating</source>
        <translation>Знакомства</translation>
    </message>
    <message>
        <source>Sex education</source>
        <translation>Половое просвещение</translation>
    </message>
    <message>
        <source>Gambling, betting and casinos</source>
        <translation>Азартные игры, ставки и казино</translation>
    </message>
    <message>
        <source>Betting sites licensed in France</source>
        <translation>Сайты ставок с французской лицензией</translation>
    </message>
    <message>
        <source>Drugs</source>
        <translation>Наркотики</translation>
    </message>
    <message>
        <source>Violence and hate</source>
        <translation>Насилие и ненависть</translation>
    </message>
    <message>
        <source>Dangerous materials (weapons, explosives)</source>
        <translation>Опасные материалы (оружие, взрывчатка)</translation>
    </message>
    <message>
        <source>Sects and cults</source>
        <translation>Секты и культы</translation>
    </message>
    <message>
        <source>Phishing and fraud</source>
        <translation>Фишинг и мошенничество</translation>
    </message>
    <message>
        <source>Malware</source>
        <translation>Вредоносные программы</translation>
    </message>
    <message>
        <source>Hidden cryptocurrency mining</source>
        <translation>Скрытый майнинг криптовалют</translation>
    </message>
    <message>
        <source>Spying on other people (stalkerware)</source>
        <translation>Слежка за людьми (шпионские программы)</translation>
    </message>
    <message>
        <source>Hacking</source>
        <translation>Взлом</translation>
    </message>
    <message>
        <source>Piracy</source>
        <translation>Пиратство</translation>
    </message>
    <message>
        <source>Attacks on sites (DDoS services)</source>
        <translation>Атаки на сайты (DDoS-сервисы)</translation>
    </message>
    <message>
        <source>Dialers (programs that make paid calls)</source>
        <translation>Дозвонщики (программы, которые звонят на платные номера)</translation>
    </message>
    <message>
        <source>Cheating at school (ready-made homework)</source>
        <translation>Списывание (готовые домашние задания)</translation>
    </message>
    <message>
        <source>Fake news</source>
        <translation>Фейковые новости</translation>
    </message>
    <message>
        <source>VPN services (ways around the filter)</source>
        <translation>VPN-сервисы (способ обойти фильтр)</translation>
    </message>
    <message>
        <source>Residential proxy networks</source>
        <translation>Сети резидентных прокси</translation>
    </message>
    <message>
        <source>Proxies and anonymizers</source>
        <translation>Прокси и анонимайзеры</translation>
    </message>
    <message>
        <source>Proxies and anonymizers, with translators and page caches</source>
        <translation>Прокси и анонимайзеры, а также переводчики и кеши страниц</translation>
    </message>
    <message>
        <source>Proxies and anonymizers, with search engines&apos; image and page caches</source>
        <translation>Прокси и анонимайзеры, а также кеши страниц и картинок поисковиков</translation>
    </message>
    <message>
        <source>DNS-over-HTTPS resolvers (ways around the filter)</source>
        <translation>Серверы DNS-over-HTTPS (способ обойти фильтр)</translation>
    </message>
    <message>
        <source>Dynamic DNS addresses</source>
        <translation>Адреса динамического DNS</translation>
    </message>
    <message>
        <source>Remote control of computers</source>
        <translation>Удалённое управление компьютером</translation>
    </message>
    <message>
        <source>Social networks</source>
        <translation>Социальные сети</translation>
    </message>
    <message>
        <source>Chats and messengers</source>
        <translation>Чаты и мессенджеры</translation>
    </message>
    <message>
        <source>Forums</source>
        <translation>Форумы</translation>
    </message>
    <message>
        <source>Blogs</source>
        <translation>Блоги</translation>
    </message>
    <message>
        <source>Web mail</source>
        <translation>Веб-почта</translation>
    </message>
    <message>
        <source>Online games</source>
        <translation>Онлайн-игры</translation>
    </message>
    <message>
        <source>Music and video</source>
        <translation>Музыка и видео</translation>
    </message>
    <message>
        <source>Online radio</source>
        <translation>Интернет-радио</translation>
    </message>
    <message>
        <source>Manga and comics</source>
        <translation>Манга и комиксы</translation>
    </message>
    <message>
        <source>Celebrities</source>
        <translation>Знаменитости</translation>
    </message>
    <message>
        <source>Online shops</source>
        <translation>Интернет-магазины</translation>
    </message>
    <message>
        <source>Advertising</source>
        <translation>Реклама</translation>
    </message>
    <message>
        <source>Cryptocurrencies</source>
        <translation>Криптовалюты</translation>
    </message>
    <message>
        <source>Finance and stock trading</source>
        <translation>Финансы и биржевая торговля</translation>
    </message>
    <message>
        <source>Banks</source>
        <translation>Банки</translation>
    </message>
    <message>
        <source>File hosting</source>
        <translation>Файлообменники</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Скачивание файлов</translation>
    </message>
    <message>
        <source>Link shorteners</source>
        <translation>Сокращатели ссылок</translation>
    </message>
    <message>
        <source>Astrology</source>
        <translation>Астрология</translation>
    </message>
    <message>
        <source>Artificial intelligence (chat bots)</source>
        <translation>Искусственный интеллект (чат-боты)</translation>
    </message>
    <message>
        <source>News and press</source>
        <translation>Новости и пресса</translation>
    </message>
    <message>
        <source>Sports</source>
        <translation>Спорт</translation>
    </message>
    <message>
        <source>Cooking</source>
        <translation>Кулинария</translation>
    </message>
    <message>
        <source>Job search</source>
        <translation>Поиск работы</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>Переводчики</translation>
    </message>
    <message>
        <source>Sites made for children</source>
        <translation>Сайты для детей</translation>
    </message>
    <message>
        <source>Educational games</source>
        <translation>Развивающие игры</translation>
    </message>
    <message>
        <source>Religious associations</source>
        <translation>Религиозные организации</translation>
    </message>
    <message>
        <source>sites for grown-ups</source>
        <translation>сайты для взрослых</translation>
    </message>
    <message>
        <source>Allowed: this profile&apos;s web traffic is not filtered</source>
        <translation>Разрешено: интернет-трафик этого профиля не фильтруется</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Разрешено</translation>
    </message>
    <message>
        <source>Blocked: category %1 (%2)</source>
        <translation>Заблокировано: список %1 (%2)</translation>
    </message>
    <message>
        <source>Blocked: category %1 (%2) is outside its scheduled hours</source>
        <translation>Заблокировано: для списка %1 (%2) сейчас не разрешённые часы</translation>
    </message>
    <message>
        <source>Blocked: on your blocked list (%1)</source>
        <translation>Заблокировано: в вашем списке запрещённых (%1)</translation>
    </message>
    <message>
        <source>Blocked: %1 is outside its scheduled hours</source>
        <translation>Заблокировано: для %1 сейчас не разрешённые часы</translation>
    </message>
    <message>
        <source>Blocked: not on the allowed list</source>
        <translation>Заблокировано: нет в списке разрешённых</translation>
    </message>
    <message>
        <source>Blocked: Firefox asks this name before turning on its own encrypted DNS, which would get around the filter</source>
        <translation>Заблокировано: Firefox спрашивает это имя, прежде чем включить собственный шифрованный DNS, который обходил бы фильтр</translation>
    </message>
    <message>
        <source>Allowed, in safe search mode (%1)</source>
        <translation>Разрешено, в режиме безопасного поиска (%1)</translation>
    </message>
    <message>
        <source>Allowed: on your allowed list (%1)</source>
        <translation>Разрешено: в вашем списке разрешённых (%1)</translation>
    </message>
    <message>
        <source>Allowed: in the allowed list %1 (%2)</source>
        <translation>Разрешено: в разрешённом списке %1 (%2)</translation>
    </message>
    <message>
        <source>Decided by the rule “%1”</source>
        <translation>Так решило правило «%1»</translation>
    </message>
    <message>
        <source>Sites of this kind are blocked: %1.</source>
        <translation>Такие сайты заблокированы: «%1».</translation>
    </message>
    <message>
        <source>Your parent has blocked this site.</source>
        <translation>Родители заблокировали этот сайт.</translation>
    </message>
    <message>
        <source>This site is allowed only at certain hours, and now is not one of them.</source>
        <translation>Этот сайт можно открывать только в определённые часы, а сейчас нельзя.</translation>
    </message>
    <message>
        <source>Only the sites your parent has allowed can be opened.</source>
        <translation>Можно открывать только сайты, которые разрешили родители.</translation>
    </message>
    <message>
        <source>Your parent&apos;s settings do not allow this site.</source>
        <translation>Настройки родителей не разрешают этот сайт.</translation>
    </message>
    <message>
        <source>%1 is blocked</source>
        <translation>Сайт %1 заблокирован</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <source>This computer&apos;s usual resolver</source>
        <translation>Обычный DNS-сервер этого компьютера</translation>
    </message>
    <message>
        <source>Yandex DNS, family mode</source>
        <translation>Яндекс DNS, семейный режим</translation>
    </message>
    <message>
        <source>Cloudflare for Families</source>
        <translation>Cloudflare for Families</translation>
    </message>
    <message>
        <source>AdGuard DNS, family protection</source>
        <translation>AdGuard DNS, семейная защита</translation>
    </message>
    <message>
        <source>CleanBrowsing, family filter</source>
        <translation>CleanBrowsing, семейный фильтр</translation>
    </message>
    <message>
        <source>Other addresses</source>
        <translation>Другие адреса</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>“%1” is not a site name. Write a name such as example.com; an IP address cannot be listed.</source>
        <translation>«%1» — не имя сайта. Напишите имя вроде example.com; IP-адрес в список внести нельзя.</translation>
    </message>
    <message>
        <source>No lists were found there.</source>
        <translation>Там не нашлось ни одного списка.</translation>
    </message>
    <message>
        <source>“%1”: %2 sites, %3 lines skipped</source>
        <translation>«%1»: сайтов — %2, пропущено строк — %3</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Lists that name it: %1</source>
        <translation>Списки, где он есть: %1</translation>
    </message>
    <message>
        <source>No profile&apos;s web traffic is filtered, so the filter is off.</source>
        <translation>Ни у одного профиля интернет-трафик не фильтруется, поэтому фильтр выключен.</translation>
    </message>
    <message>
        <source>The web filter is running.</source>
        <translation>Веб-фильтр работает.</translation>
    </message>
    <message>
        <source>The web filter is not running: sites are not filtered now.</source>
        <translation>Веб-фильтр не работает: сейчас сайты не фильтруются.</translation>
    </message>
    <message>
        <source>This computer looks up site names through the filter.</source>
        <translation>Компьютер узнаёт адреса сайтов через фильтр.</translation>
    </message>
    <message>
        <source>This computer does not look up site names through the filter yet.</source>
        <translation>Компьютер пока узнаёт адреса сайтов в обход фильтра.</translation>
    </message>
    <message>
        <source>Each account&apos;s lookups are told apart: every child gets their own rules.</source>
        <translation>Запросы разных учётных записей различаются: у каждого ребёнка свои правила.</translation>
    </message>
    <message>
        <source>Lookups follow the account whose session is in use: this computer cannot tell accounts apart otherwise.</source>
        <translation>Запросы относятся к учётной записи, сеанс которой сейчас активен: иначе этот компьютер не может различить учётные записи.</translation>
    </message>
    <message>
        <source>Browsers set to use the filter (their own encrypted DNS off): %1.</source>
        <translation>Браузеры, настроенные на работу через фильтр (их собственный шифрованный DNS выключен): %1.</translation>
    </message>
    <message>
        <source>No browser has Guardian&apos;s settings yet.</source>
        <translation>Пока ни в одном браузере нет настроек Guardian.</translation>
    </message>
    <message>
        <source>The category lists hold %1 site names (as of %2).</source>
        <translation>Имён сайтов в списках категорий: %1 (на %2).</translation>
    </message>
    <message>
        <source>The web filter on this computer</source>
        <translation>Веб-фильтр на этом компьютере</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Ещё не проверено.</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Проверить снова</translation>
    </message>
    <message>
        <source>This profile</source>
        <translation>Этот профиль</translation>
    </message>
    <message>
        <source>&amp;Filter this profile&apos;s web traffic</source>
        <translation>&amp;Фильтровать интернет-трафик этого профиля</translation>
    </message>
    <message>
        <source>the age preset&apos;s choice</source>
        <translation>по возрастной категории</translation>
    </message>
    <message>
        <source>&amp;Only allow the sites I choose</source>
        <translation>&amp;Разрешать только выбранные мной сайты</translation>
    </message>
    <message>
        <source>&amp;Safe search on Google, YouTube, Bing, DuckDuckGo and Yandex</source>
        <translation>&amp;Безопасный поиск в Google, YouTube, Bing, DuckDuckGo и Яндексе</translation>
    </message>
    <message>
        <source>With the filter off, this profile can open every site; the rules below wait.</source>
        <translation>Без фильтра этому профилю открываются все сайты; правила ниже не действуют.</translation>
    </message>
    <message>
        <source>Guardian checks each site name as the computer looks it up, in every browser and app. A blocked site does not open.</source>
        <translation>Guardian проверяет имя каждого сайта, когда компьютер узнаёт его адрес, — в любом браузере и приложении. Заблокированный сайт не откроется.</translation>
    </message>
    <message>
        <source>Every other site is blocked. Only sites on your allowed list, in the allowed lists below (such as sites made for children) and in their scheduled hours open. Suits young children.</source>
        <translation>Все остальные сайты заблокированы. Открываются только сайты из вашего списка разрешённых, из разрешённых списков ниже (например, сайты для детей) и сайты по расписанию в их часы. Подходит для маленьких детей.</translation>
    </message>
    <message>
        <source>Search results leave out adult pictures and pages; YouTube opens in its restricted mode.</source>
        <translation>В результатах поиска не будет взрослых картинок и страниц; YouTube открывается в безопасном режиме.</translation>
    </message>
    <message>
        <source>Kinds of sites</source>
        <translation>Виды сайтов</translation>
    </message>
    <message>
        <source>Kind of site</source>
        <translation>Вид сайтов</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Список</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Сайтов</translation>
    </message>
    <message>
        <source>Block these kinds of sites</source>
        <translation>Блокировать такие сайты</translation>
    </message>
    <message>
        <source>Always allow these lists (allowed beats blocked)</source>
        <translation>Всегда разрешать эти списки (разрешение важнее запрета)</translation>
    </message>
    <message>
        <source>Reset to the age preset</source>
        <translation>Вернуть по возрастной категории</translation>
    </message>
    <message>
        <source>A list file (hosts, adblock, or one site a line)…</source>
        <translation>Файл со списком (hosts, adblock или по сайту в строке)…</translation>
    </message>
    <message>
        <source>A UT1 archive (.tar.gz)…</source>
        <translation>Архив UT1 (.tar.gz)…</translation>
    </message>
    <message>
        <source>A UT1 folder…</source>
        <translation>Папку UT1…</translation>
    </message>
    <message>
        <source>Import a list…</source>
        <translation>Импортировать список…</translation>
    </message>
    <message>
        <source>A site for: %1</source>
        <translation>Сайт для списка «%1»</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Add to: %1</source>
        <translation>Добавить в список «%1»</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Remove from: %1</source>
        <translation>Удалить из списка «%1»</translation>
    </message>
    <message>
        <source>Your own lists</source>
        <translation>Ваши списки</translation>
    </message>
    <message>
        <source>Blocked sites</source>
        <translation>Запрещённые сайты</translation>
    </message>
    <message>
        <source>Allowed sites</source>
        <translation>Разрешённые сайты</translation>
    </message>
    <message>
        <source>A site includes its subdomains: example.com also covers www.example.com. A site you allow opens even if a kind of sites above blocks it.</source>
        <translation>Сайт включает свои поддомены: example.com охватывает и www.example.com. Разрешённый вами сайт открывается, даже если такие сайты выше заблокированы.</translation>
    </message>
    <message>
        <source>Sites allowed only at some hours</source>
        <translation>Сайты, разрешённые только в определённые часы</translation>
    </message>
    <message>
        <source>Sites and kinds of sites</source>
        <translation>Сайты и виды сайтов</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыты</translation>
    </message>
    <message>
        <source>None: no site depends on the hour.</source>
        <translation>Нет: ни один сайт не зависит от времени.</translation>
    </message>
    <message>
        <source>Add a schedule…</source>
        <translation>Добавить расписание…</translation>
    </message>
    <message>
        <source>For example, games sites only after school: they open in the hours you mark and are blocked at every other time.</source>
        <translation>Например, игровые сайты только после школы: они открываются в отмеченные вами часы, а в остальное время заблокированы.</translation>
    </message>
    <message>
        <source>Test an address</source>
        <translation>Проверить адрес</translation>
    </message>
    <message>
        <source>Address to test</source>
        <translation>Адрес для проверки</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>П&amp;роверить</translation>
    </message>
    <message>
        <source>The test uses the saved settings. Apply first to test the changes made here.</source>
        <translation>Проверка идёт по сохранённым настройкам. Чтобы проверить сделанные здесь изменения, сначала нажмите «Применить».</translation>
    </message>
    <message>
        <source>Resolver for the whole computer (every profile)</source>
        <translation>DNS-сервер для всего компьютера (всех профилей)</translation>
    </message>
    <message>
        <source>Resolver</source>
        <translation>DNS-сервер</translation>
    </message>
    <message>
        <source>Resolver addresses</source>
        <translation>Адреса DNS-серверов</translation>
    </message>
    <message>
        <source>&amp;Look up allowed sites with:</source>
        <translation>&amp;Узнавать адреса разрешённых сайтов через:</translation>
    </message>
    <message>
        <source>&amp;Addresses:</source>
        <translation>&amp;Адреса:</translation>
    </message>
    <message>
        <source>This applies to every account on this computer. A family resolver also blocks adult sites on its own side, as a second line.</source>
        <translation>Это действует для всех учётных записей на компьютере. Семейный DNS-сервер ещё и сам блокирует сайты для взрослых — это второй рубеж защиты.</translation>
    </message>
    <message>
        <source>A list Guardian has no description for.</source>
        <translation>Список, для которого у Guardian нет описания.</translation>
    </message>
    <message>
        <source>Ticked: what the age preset (%1) blocks.</source>
        <translation>Отмечено то, что блокирует возрастная категория %1.</translation>
    </message>
    <message>
        <source>Your own choice; “Reset to the age preset” brings back the preset&apos;s.</source>
        <translation>Выбрано вами; кнопка «Вернуть по возрастной категории» восстановит её выбор.</translation>
    </message>
    <message>
        <source>list not installed</source>
        <translation>список не установлен</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Edit the schedule of %1</source>
        <translation>Изменить расписание: %1</translation>
    </message>
    <message>
        <source>Remove the schedule of %1</source>
        <translation>Удалить расписание: %1</translation>
    </message>
    <message>
        <source>The category lists on this computer could not be read: %1</source>
        <translation>Не удалось получить списки категорий на этом компьютере: %1</translation>
    </message>
    <message>
        <source>No category lists are installed yet: import a UT1 archive or folder.</source>
        <translation>Списки категорий ещё не установлены: импортируйте архив или папку UT1.</translation>
    </message>
    <message>
        <source>The state of the web filter could not be read: %1</source>
        <translation>Не удалось узнать состояние веб-фильтра: %1</translation>
    </message>
    <message>
        <source>%1 is on your allowed list; remove it there first.</source>
        <translation>%1 есть в списке разрешённых; сначала удалите его оттуда.</translation>
    </message>
    <message>
        <source>%1 is on your blocked list; remove it there first.</source>
        <translation>%1 есть в списке запрещённых; сначала удалите его оттуда.</translation>
    </message>
    <message>
        <source>Write the resolvers&apos; addresses, such as 77.88.8.7.</source>
        <translation>Укажите адреса DNS-серверов, например 77.88.8.7.</translation>
    </message>
    <message>
        <source>Not an IP address: %1. Write addresses such as 77.88.8.7, separated by commas.</source>
        <translation>Это не IP-адрес: %1. Укажите адреса вроде 77.88.8.7 через запятую.</translation>
    </message>
    <message>
        <source>Choose a list of sites</source>
        <translation>Выберите список сайтов</translation>
    </message>
    <message>
        <source>Choose a UT1 archive</source>
        <translation>Выберите архив UT1</translation>
    </message>
    <message>
        <source>Archives (%1)</source>
        <translation>Архивы (%1)</translation>
    </message>
    <message>
        <source>Choose a UT1 folder</source>
        <translation>Выберите папку UT1</translation>
    </message>
    <message>
        <source>The lists were not imported.</source>
        <translation>Списки не импортированы.</translation>
    </message>
    <message>
        <source>It is now blocked for %1.</source>
        <translation>Теперь он заблокирован для профиля «%1».</translation>
    </message>
    <message>
        <source>Lists imported</source>
        <translation>Списки импортированы</translation>
    </message>
    <message>
        <source>The lists were imported.</source>
        <translation>Списки импортированы.</translation>
    </message>
    <message>
        <source>The address could not be tested: %1</source>
        <translation>Не удалось проверить адрес: %1</translation>
    </message>
    <message>
        <source>No saved profile to test with.</source>
        <translation>Нет сохранённых профилей для проверки.</translation>
    </message>
    <message>
        <source>%1 for each profile:</source>
        <translation>%1 для каждого профиля:</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>StatusWindow</name>
    <message>
        <source>Guardian</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>Parent settings…</source>
        <translation>Родительские настройки…</translation>
    </message>
    <message>
        <source>Quit…</source>
        <translation>Закрыть Guardian…</translation>
    </message>
    <message>
        <source>Activity…</source>
        <translation>Активность…</translation>
    </message>
    <message>
        <source>My week…</source>
        <translation>Моя неделя…</translation>
    </message>
    <message>
        <source>My day…</source>
        <translation>Мой день…</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Ready</source>
        <translation>Всё готово</translation>
    </message>
    <message>
        <source>Check the settings, then press Finish to start protecting.</source>
        <translation>Проверьте настройки и нажмите «Завершить», чтобы включить защиту.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Профиль: %1</translation>
    </message>
    <message>
        <source>Child&apos;s accounts: %1</source>
        <translation>Учётные записи ребёнка: %1</translation>
    </message>
    <message>
        <source>Not restricted: %1</source>
        <translation>Без ограничений: %1</translation>
    </message>
    <message>
        <source>Age preset: %1 — %2</source>
        <translation>Возрастная категория: %1 — %2</translation>
    </message>
    <message>
        <source>Screen time: %1 on school days, %2 at weekends</source>
        <translation>Экранное время: %1 в будни, %2 в выходные</translation>
    </message>
    <message>
        <source>Every other account, and any account created later, is restricted too.</source>
        <translation>Все остальные учётные записи, в том числе созданные позже, тоже будут ограничены.</translation>
    </message>
    <message>
        <source>The service did not accept the settings: %1</source>
        <translation>Служба не приняла настройки: %1</translation>
    </message>
    <message>
        <source>Age preset: %1</source>
        <translation>Возрастная категория: %1</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>no limit</source>
        <translation>без ограничений</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n с</numerusform>
            <numerusform>%n с</numerusform>
            <numerusform>%n с</numerusform>
        </translation>
    </message>
    <message>
        <source>This is outside your allowed hours.</source>
        <translation>Сейчас время вне разрешённых часов.</translation>
    </message>
    <message>
        <source>Computer use is not allowed today.</source>
        <translation>Сегодня компьютером пользоваться нельзя.</translation>
    </message>
    <message>
        <source>Your screen time for today is used up.</source>
        <translation>Экранное время на сегодня закончилось.</translation>
    </message>
    <message>
        <source>Your screen time for this week is used up.</source>
        <translation>Экранное время на эту неделю закончилось.</translation>
    </message>
    <message>
        <source>You have bonus time today.</source>
        <translation>Сегодня есть дополнительное время.</translation>
    </message>
    <message>
        <source>Guardian needs a parent to check something; until then the computer waits.</source>
        <translation>Guardian нужно, чтобы родитель кое-что проверил; до тех пор компьютер подождёт.</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>Заблокировать экран</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти из системы</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>Выключить компьютер</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>Перевести в спящий режим</translation>
    </message>
    <message numerus="yes">
        <source>The screen will lock in %n s</source>
        <translation>
            <numerusform>Экран заблокируется через %n с</numerusform>
            <numerusform>Экран заблокируется через %n с</numerusform>
            <numerusform>Экран заблокируется через %n с</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You will be logged out in %n s</source>
        <translation>
            <numerusform>Выход из системы через %n с</numerusform>
            <numerusform>Выход из системы через %n с</numerusform>
            <numerusform>Выход из системы через %n с</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer will shut down in %n s</source>
        <translation>
            <numerusform>Компьютер выключится через %n с</numerusform>
            <numerusform>Компьютер выключится через %n с</numerusform>
            <numerusform>Компьютер выключится через %n с</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer will go to sleep in %n s</source>
        <translation>
            <numerusform>Компьютер перейдёт в спящий режим через %n с</numerusform>
            <numerusform>Компьютер перейдёт в спящий режим через %n с</numerusform>
            <numerusform>Компьютер перейдёт в спящий режим через %n с</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Apps will close in %n s</source>
        <translation>
            <numerusform>Приложения закроются через %n с</numerusform>
            <numerusform>Приложения закроются через %n с</numerusform>
            <numerusform>Приложения закроются через %n с</numerusform>
        </translation>
    </message>
    <message>
        <source>Downtime</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Apps are closing now. Always-allowed apps stay open.</source>
        <translation>Приложения сейчас закроются. Всегда разрешённые приложения останутся открытыми.</translation>
    </message>
    <message numerus="yes">
        <source>Time is up in %n s</source>
        <translation>
            <numerusform>Время закончится через %n с</numerusform>
            <numerusform>Время закончится через %n с</numerusform>
            <numerusform>Время закончится через %n с</numerusform>
        </translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Not allowed today.</source>
        <translation>Сегодня нет разрешённых часов.</translation>
    </message>
    <message>
        <source>Allowed today: %1</source>
        <translation>Разрешено сегодня: %1</translation>
    </message>
    <message>
        <source>Ask a parent if you need the computer now.</source>
        <translation>Если компьютер нужен прямо сейчас, попроси родителей.</translation>
    </message>
    <message>
        <source>You can use the computer again at %1.</source>
        <translation>Компьютер снова будет доступен в %1.</translation>
    </message>
    <message>
        <source>You can use the computer again tomorrow at %1.</source>
        <translation>Компьютер снова будет доступен завтра в %1.</translation>
    </message>
    <message>
        <source>You can use the computer again on %1 at %2.</source>
        <translation>Компьютер снова будет доступен: %1, в %2.</translation>
    </message>
    <message>
        <source>Guardian — no time limits</source>
        <translation>Guardian — без ограничений</translation>
    </message>
    <message>
        <source>Guardian — time is up</source>
        <translation>Guardian — время вышло</translation>
    </message>
    <message>
        <source>Guardian — no limit today</source>
        <translation>Guardian — сегодня без ограничений</translation>
    </message>
    <message>
        <source>Guardian — %1 left today</source>
        <translation>Guardian — на сегодня осталось %1</translation>
    </message>
    <message>
        <source>%1: time is up for today</source>
        <translation>%1: время на сегодня закончилось</translation>
    </message>
    <message>
        <source>%1: %2 left</source>
        <translation>%1: осталось %2</translation>
    </message>
    <message>
        <source>No time limits for this account.</source>
        <translation>Для этой учётной записи нет ограничений по времени.</translation>
    </message>
    <message>
        <source>Time left today: %1</source>
        <translation>Осталось сегодня: %1</translation>
    </message>
    <message>
        <source>Time left this week: %1</source>
        <translation>Осталось на этой неделе: %1</translation>
    </message>
    <message>
        <source>Guardian needs a parent&apos;s attention.</source>
        <translation>Guardian нужна помощь родителя.</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running</source>
        <translation>Служба Guardian не запущена</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running or did not answer.</source>
        <translation>Служба Guardian не запущена или не ответила.</translation>
    </message>
    <message>
        <source>The parent session has ended. Enter the password again.</source>
        <translation>Сеанс родителя закончился. Введите пароль ещё раз.</translation>
    </message>
    <message>
        <source>Too many wrong passwords. Try again later.</source>
        <translation>Слишком много неверных паролей. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The policy file %1 could not be read or is not valid, so it was not applied. The last good settings stay in force.</source>
        <translation>Файл правил %1 не удалось прочитать или в нём есть ошибки, поэтому он не применён. Действуют последние исправные настройки.</translation>
    </message>
    <message>
        <source>Correct the file (Details names the line and the field) or save the settings here again.</source>
        <translation>Исправьте файл (строка и поле указаны в подробностях) или сохраните настройки здесь ещё раз.</translation>
    </message>
    <message>
        <source>Guardian&apos;s records (%1) were damaged and were restored from a recent copy; a few minutes of today&apos;s use may be missing.</source>
        <translation>Записи Guardian (%1) были повреждены и восстановлены из недавней копии; несколько минут сегодняшнего использования могут не учитываться.</translation>
    </message>
    <message>
        <source>Nothing to do. If it happens again, check the disk.</source>
        <translation>Ничего делать не нужно. Если это повторится, проверьте диск.</translation>
    </message>
    <message>
        <source>Guardian&apos;s records (%1) were damaged and could not be restored, so today&apos;s screen time counts as used up.</source>
        <translation>Записи Guardian (%1) повреждены и не восстановлены, поэтому экранное время на сегодня считается израсходованным.</translation>
    </message>
    <message>
        <source>If the child may use the computer today, give bonus time on the Bonus time page.</source>
        <translation>Если сегодня ребёнку можно пользоваться компьютером, дайте время на странице «Дополнительное время».</translation>
    </message>
    <message>
        <source>The account %1 (profile %2) is an administrator of this computer, so the child can get around the limits.</source>
        <translation>Учётная запись %1 (профиль %2) — администратор этого компьютера, поэтому ребёнок может обойти ограничения.</translation>
    </message>
    <message>
        <source>Make %1 a standard account in the system&apos;s user settings.</source>
        <translation>Сделайте %1 обычной учётной записью в системных настройках пользователей.</translation>
    </message>
    <message>
        <source>A new account, %1, appeared on this computer; profile %2 restricts it.</source>
        <translation>На этом компьютере появилась новая учётная запись %1; её ограничивает профиль %2.</translation>
    </message>
    <message>
        <source>Check on the Profiles page that this is the right profile for it.</source>
        <translation>Проверьте на странице «Профили», что это подходящий для неё профиль.</translation>
    </message>
    <message>
        <source>A new account, %1, appeared on this computer; it is not restricted.</source>
        <translation>На этом компьютере появилась новая учётная запись %1; она без ограничений.</translation>
    </message>
    <message>
        <source>If a child uses it, give it a profile on the Profiles page.</source>
        <translation>Если ею пользуется ребёнок, назначьте ей профиль на странице «Профили».</translation>
    </message>
    <message>
        <source>The file holding the parent password (%1) was changed outside Guardian.</source>
        <translation>Файл с паролем родителя (%1) был изменён в обход Guardian.</translation>
    </message>
    <message>
        <source>If you did not change it, set a new parent password on the Security page.</source>
        <translation>Если это сделали не вы, задайте новый пароль родителя на странице «Безопасность».</translation>
    </message>
    <message>
        <source>Details has the system&apos;s message. If it keeps failing, choose another action on the Warnings and action page.</source>
        <translation>Сообщение системы — в подробностях. Если ошибка повторяется, выберите другое действие на странице «Окончание времени».</translation>
    </message>
    <message>
        <source>This computer cannot enforce some of the app rules.</source>
        <translation>Этот компьютер не может соблюдать некоторые правила для приложений.</translation>
    </message>
    <message>
        <source>Details names them; remove or change them on the Apps page.</source>
        <translation>Они перечислены в подробностях; удалите или измените их на странице «Приложения».</translation>
    </message>
    <message>
        <source>The site filter is not running, so web sites are not filtered and names may not resolve on this computer.</source>
        <translation>Фильтр сайтов не работает: сайты не фильтруются, и адреса на этом компьютере могут не открываться.</translation>
    </message>
    <message>
        <source>Guardian is starting it again. If this stays, restart the computer; Details has the error.</source>
        <translation>Guardian запускает его снова. Если это не проходит, перезагрузите компьютер; ошибка — в подробностях.</translation>
    </message>
    <message>
        <source>This computer&apos;s DNS settings could not be pointed at the site filter.</source>
        <translation>Не удалось направить настройки DNS этого компьютера на фильтр сайтов.</translation>
    </message>
    <message>
        <source>Until they are, sites are filtered only in browsers. Details has the system&apos;s message.</source>
        <translation>Пока это не сделано, сайты фильтруются только в браузерах. Сообщение системы — в подробностях.</translation>
    </message>
    <message>
        <source>Sites cannot be filtered per account here, so they follow the profile of whoever is at the computer.</source>
        <translation>Здесь нельзя фильтровать сайты для каждой учётной записи отдельно, поэтому действуют правила профиля того, кто сейчас за компьютером.</translation>
    </message>
    <message>
        <source>Nothing to do; Details has the system&apos;s message.</source>
        <translation>Ничего делать не нужно; сообщение системы — в подробностях.</translation>
    </message>
    <message>
        <source>Browser settings could not be written for some browsers.</source>
        <translation>Для некоторых браузеров не удалось записать настройки.</translation>
    </message>
    <message>
        <source>Details names them. Sites are still filtered for every program.</source>
        <translation>Они перечислены в подробностях. Сайты по-прежнему фильтруются для всех программ.</translation>
    </message>
    <message>
        <source>Some blocked categories have no list on this computer: %1.</source>
        <translation>Для некоторых запрещённых категорий на этом компьютере нет списков: %1.</translation>
    </message>
    <message>
        <source>Import the category lists (UT1) on the Sites page, or untick them.</source>
        <translation>Импортируйте списки категорий (UT1) на странице «Сайты» или снимите с них отметку.</translation>
    </message>
    <message>
        <source>The category lists could not be updated; the previous lists stay in force.</source>
        <translation>Не удалось обновить списки категорий; действуют прежние списки.</translation>
    </message>
    <message>
        <source>Details says why. Import the lists again on the Sites page.</source>
        <translation>Причина — в подробностях. Импортируйте списки ещё раз на странице «Сайты».</translation>
    </message>
    <message>
        <source>A part of Guardian (%1) keeps failing, so restricted accounts are held as if their time were up.</source>
        <translation>Часть Guardian (%1) постоянно даёт сбой, поэтому для учётных записей с ограничениями действует режим «время вышло».</translation>
    </message>
    <message>
        <source>Restart the computer. If it happens again, Details has the error.</source>
        <translation>Перезагрузите компьютер. Если это повторится, текст ошибки — в подробностях.</translation>
    </message>
    <message>
        <source>Guardian cannot save its records in %1: the disk is full.</source>
        <translation>Guardian не может сохранять записи в %1: диск заполнен.</translation>
    </message>
    <message>
        <source>Free some space on that disk.</source>
        <translation>Освободите место на этом диске.</translation>
    </message>
    <message>
        <source>Guardian cannot save its records in %1: the disk is read-only.</source>
        <translation>Guardian не может сохранять записи в %1: диск доступен только для чтения.</translation>
    </message>
    <message>
        <source>Make the disk writable again, or restart the computer.</source>
        <translation>Снова разрешите запись на диск или перезагрузите компьютер.</translation>
    </message>
    <message>
        <source>Guardian cannot save its records in %1: the disk reports errors.</source>
        <translation>Guardian не может сохранять записи в %1: диск сообщает об ошибках.</translation>
    </message>
    <message>
        <source>Check the disk; it may be failing.</source>
        <translation>Проверьте диск: возможно, он выходит из строя.</translation>
    </message>
    <message>
        <source>Guardian cannot save its records in %1.</source>
        <translation>Guardian не может сохранять записи в %1.</translation>
    </message>
    <message>
        <source>Details has the system&apos;s message.</source>
        <translation>Сообщение системы — в подробностях.</translation>
    </message>
    <message>
        <source>Time is still counted, but a restart would lose today&apos;s records.</source>
        <translation>Время по-прежнему учитывается, но после перезапуска сегодняшние записи пропадут.</translation>
    </message>
    <message>
        <source>Guardian could not lock the screen of %1 when time was up.</source>
        <translation>Когда время вышло, Guardian не смог заблокировать экран %1.</translation>
    </message>
    <message>
        <source>Guardian could not log %1 out when time was up.</source>
        <translation>Когда время вышло, Guardian не смог завершить сеанс %1.</translation>
    </message>
    <message>
        <source>Guardian could not shut the computer down for %1 when time was up.</source>
        <translation>Когда время вышло, Guardian не смог выключить компьютер для %1.</translation>
    </message>
    <message>
        <source>Guardian could not put the computer to sleep for %1 when time was up.</source>
        <translation>Когда время вышло, Guardian не смог перевести компьютер в сон для %1.</translation>
    </message>
    <message>
        <source>Guardian could not act on the session of %1 when time was up.</source>
        <translation>Когда время вышло, Guardian не смог ничего сделать с сеансом %1.</translation>
    </message>
    <message>
        <source>Weekly summaries cannot be written to the folder %1.</source>
        <translation>Не удаётся записать еженедельные сводки в папку %1.</translation>
    </message>
    <message>
        <source>The weekly summary of %1 could not be made.</source>
        <translation>Не удалось составить сводку за неделю %1.</translation>
    </message>
    <message>
        <source>Guardian tries again from time to time; Details has the error.</source>
        <translation>Guardian периодически пробует снова; текст ошибки — в подробностях.</translation>
    </message>
    <message numerus="yes">
        <source>Weekly summaries could not be sent through the mail server %1; %n message(s) wait and are sent when it works.</source>
        <translation>
            <numerusform>Не удалось отправить еженедельные сводки через почтовый сервер %1; %n письмо ждёт отправки и уйдёт, когда сервер заработает.</numerusform>
            <numerusform>Не удалось отправить еженедельные сводки через почтовый сервер %1; %n письма ждут отправки и уйдут, когда сервер заработает.</numerusform>
            <numerusform>Не удалось отправить еженедельные сводки через почтовый сервер %1; %n писем ждут отправки и уйдут, когда сервер заработает.</numerusform>
        </translation>
    </message>
    <message>
        <source>The disk is full: free some space on it.</source>
        <translation>Диск заполнен: освободите на нём место.</translation>
    </message>
    <message>
        <source>The disk is read-only: choose another folder.</source>
        <translation>Диск доступен только для чтения: выберите другую папку.</translation>
    </message>
    <message>
        <source>Guardian&apos;s service may not write there: allow it, or choose another folder.</source>
        <translation>Службе Guardian запрещена запись в эту папку: разрешите её или выберите другую папку.</translation>
    </message>
    <message>
        <source>That name is taken by a file: choose another folder on the Reports page.</source>
        <translation>Это имя занято файлом: выберите другую папку на странице «Отчёты».</translation>
    </message>
    <message>
        <source>The folder or its network share is not there: connect it or choose another.</source>
        <translation>Папка или сетевой ресурс недоступны: подключите их или выберите другую папку.</translation>
    </message>
    <message>
        <source>Details has the system&apos;s message. Guardian tries again.</source>
        <translation>Сообщение системы — в подробностях. Guardian попробует снова.</translation>
    </message>
    <message>
        <source>The mail server did not answer: check its name and port, and the network.</source>
        <translation>Почтовый сервер не ответил: проверьте его имя, порт и подключение к сети.</translation>
    </message>
    <message>
        <source>A secure connection failed: check the security setting (STARTTLS or TLS) and the port.</source>
        <translation>Не удалось установить защищённое соединение: проверьте настройку защиты (STARTTLS или TLS) и порт.</translation>
    </message>
    <message>
        <source>The mail server refused the login: check the user name and the password.</source>
        <translation>Почтовый сервер отклонил вход: проверьте имя пользователя и пароль.</translation>
    </message>
    <message>
        <source>The mail server refused the message: check the addresses.</source>
        <translation>Почтовый сервер отклонил письмо: проверьте адреса.</translation>
    </message>
    <message>
        <source>The mail server answered too slowly; Guardian tries again.</source>
        <translation>Почтовый сервер отвечал слишком долго; Guardian попробует снова.</translation>
    </message>
    <message>
        <source>Enter the mail server&apos;s password in the e-mail settings.</source>
        <translation>Введите пароль почтового сервера в настройках почты.</translation>
    </message>
    <message>
        <source>Details has the error. Guardian tries again.</source>
        <translation>Текст ошибки — в подробностях. Guardian попробует снова.</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, строка %2</translation>
    </message>
    <message>
        <source>The managed policy %1, set by whoever manages this computer, could not be read or is not valid, so it was not applied. Its last good version stays in force.</source>
        <translation>Управляемая политика %1, заданная тем, кто обслуживает этот компьютер, не читается или содержит ошибки, поэтому не применена. Действует её последняя исправная версия.</translation>
    </message>
    <message>
        <source>Ask whoever manages this computer (the school&apos;s IT) to correct it; Details says what is wrong and where.</source>
        <translation>Попросите того, кто обслуживает этот компьютер (например, IT-службу школы), исправить её; в подробностях сказано, что и где не так.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 ч</translation>
    </message>
    <message>
        <source>Guardian needs a parent</source>
        <translation>Guardian нужен родитель</translation>
    </message>
    <message>
        <source>No computer time today</source>
        <translation>Сегодня компьютер не разрешён</translation>
    </message>
    <message>
        <source>This week&apos;s time is used up</source>
        <translation>Время на эту неделю закончилось</translation>
    </message>
    <message>
        <source>Today&apos;s time is used up</source>
        <translation>Время на сегодня закончилось</translation>
    </message>
    <message>
        <source>It is outside your allowed hours</source>
        <translation>Сейчас вне разрешённых часов</translation>
    </message>
    <message>
        <source>Time is up</source>
        <translation>Время вышло</translation>
    </message>
    <message>
        <source>Your allowed hours for today are ending.</source>
        <translation>Разрешённые на сегодня часы заканчиваются.</translation>
    </message>
    <message>
        <source>Your screen time for today is running out.</source>
        <translation>Экранное время на сегодня заканчивается.</translation>
    </message>
    <message>
        <source>Your screen time for this week is running out.</source>
        <translation>Экранное время на эту неделю заканчивается.</translation>
    </message>
</context>
<context>
    <name>TimePage</name>
    <message>
        <source>Screen time per day</source>
        <translation>Экранное время в день</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Minutes on %1</source>
        <translation>%1: минуты</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Не ограничено</translation>
    </message>
    <message>
        <source>Unlimited on %1</source>
        <translation>%1: без ограничений</translation>
    </message>
    <message>
        <source>from the preset</source>
        <translation>по категории</translation>
    </message>
    <message>
        <source>Limit the whole week to</source>
        <translation>Ограничить всю неделю до</translation>
    </message>
    <message>
        <source>Minutes per week</source>
        <translation>Минут в неделю</translation>
    </message>
    <message>
        <source>Allowed hours</source>
        <translation>Разрешённые часы</translation>
    </message>
    <message>
        <source>Use the age preset&apos;s times</source>
        <translation>Вернуть время по возрастной категории</translation>
    </message>
</context>
<context>
    <name>TrayAgent</name>
    <message>
        <source>Parent settings…</source>
        <translation>Родительские настройки…</translation>
    </message>
    <message>
        <source>Quit…</source>
        <translation>Закрыть Guardian…</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>Recently blocked sites…</source>
        <translation>Недавно заблокированные сайты…</translation>
    </message>
    <message>
        <source>Activity…</source>
        <translation>Активность…</translation>
    </message>
    <message>
        <source>Event log…</source>
        <translation>Журнал событий…</translation>
    </message>
    <message>
        <source>Open the weekly summaries folder</source>
        <translation>Открыть папку недельных сводок</translation>
    </message>
    <message>
        <source>Weekly summary</source>
        <translation>Недельная сводка</translation>
    </message>
    <message>
        <source>This week&apos;s summary for %1 is ready.</source>
        <translation>Сводка за неделю для профиля %1 готова.</translation>
    </message>
    <message>
        <source>This week&apos;s summaries for %1 are ready.</source>
        <translation>Сводки за неделю для профилей %1 готовы.</translation>
    </message>
    <message>
        <source>My week…</source>
        <translation>Моя неделя…</translation>
    </message>
    <message>
        <source>Guardian is not set up</source>
        <translation>Guardian ещё не настроен</translation>
    </message>
    <message>
        <source>An adult must set Guardian up: log in with an administrator account of this computer and start Guardian there.</source>
        <translation>Guardian должен настроить взрослый: войдите в учётную запись администратора этого компьютера и запустите Guardian в ней.</translation>
    </message>
    <message>
        <source>Quitting stops Guardian on this computer: until it is started again, no limits apply and no time is counted.</source>
        <translation>Если выйти, Guardian на этом компьютере остановится: пока его снова не запустят, ограничения не действуют и время не считается.</translation>
    </message>
    <message>
        <source>Quitting only closes Guardian&apos;s icon in this session. The limits still apply: Guardian keeps counting time and locks the session when it is up.</source>
        <translation>Выход только закроет значок Guardian в этом сеансе. Ограничения продолжат действовать: Guardian по-прежнему считает время и заблокирует сеанс, когда оно закончится.</translation>
    </message>
    <message>
        <source>My day…</source>
        <translation>Мой день…</translation>
    </message>
    <message>
        <source>Ask for more time…</source>
        <translation>Попросить ещё времени…</translation>
    </message>
    <message>
        <source>Requests…</source>
        <translation>Запросы…</translation>
    </message>
    <message>
        <source>Tell my parent about a site…</source>
        <translation>Рассказать родителю о сайте…</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message numerus="yes">
        <source>%nh</source>
        <comment>hours, as short as possible</comment>
        <translation>
            <numerusform>%nч</numerusform>
            <numerusform>%nч</numerusform>
            <numerusform>%nч</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WeekGrid</name>
    <message>
        <source>Allowed</source>
        <translation>Разрешено</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Запрещено</translation>
    </message>
    <message>
        <source>Allowed for part of the quarter hour</source>
        <translation>Разрешена часть четверти часа</translation>
    </message>
    <message>
        <source>Drag across the grid to allow time; start on an allowed quarter hour to remove it. Hours run from 0 to 24.</source>
        <translation>Проведите мышью по сетке, чтобы разрешить время; если начать с разрешённой четверти часа, время будет запрещено. Часы — от 0 до 24.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Guardian</source>
        <translation>Добро пожаловать в Guardian</translation>
    </message>
    <message>
        <source>Guardian limits how long and when a child may use this computer. Everything is decided on this computer; no account on the internet is needed.</source>
        <translation>Guardian ограничивает, сколько и когда ребёнок может пользоваться этим компьютером. Всё решается на этом компьютере — учётная запись в интернете не нужна.</translation>
    </message>
    <message>
        <source>In the next steps you set a parent password, choose the child&apos;s account, an age preset and the daily screen time. You can change all of it later in the settings.</source>
        <translation>На следующих шагах вы зададите пароль родителя, выберете учётную запись ребёнка, возрастную категорию и экранное время на день. Всё это можно будет изменить позже в настройках.</translation>
    </message>
    <message>
        <source>This computer already has rules for Guardian. In the next step you set a parent password; the rules stay as they are, and you can change them later in the settings.</source>
        <translation>На этом компьютере уже есть правила Guardian. На следующем шаге вы зададите пароль родителя; правила останутся как есть, изменить их можно позже в настройках.</translation>
    </message>
</context>
<context>
    <name>WindowRow</name>
    <message>
        <source>Start of window %1</source>
        <translation>Начало интервала %1</translation>
    </message>
    <message>
        <source>End of window %1</source>
        <translation>Конец интервала %1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Remove window %1</source>
        <translation>Удалить интервал %1</translation>
    </message>
</context>
<context>
    <name>ActivityWindow</name>
    <message>
        <source>Activity</source>
        <translation>Активность</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Профиль:</translation>
    </message>
    <message>
        <source>◀ Previous week</source>
        <translation>◀ Предыдущая неделя</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Эта неделя</translation>
    </message>
    <message>
        <source>Next week ▶</source>
        <translation>Следующая неделя ▶</translation>
    </message>
    <message>
        <source>Event log…</source>
        <translation>Журнал событий…</translation>
    </message>
    <message>
        <source>At a glance</source>
        <translation>Коротко</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Графики</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Times blocked</source>
        <translation>Сколько раз заблокирован</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Почему</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Учётная запись</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>Blocked sites</source>
        <translation>Заблокированные сайты</translation>
    </message>
    <message>
        <source>Blocked apps</source>
        <translation>Закрытые приложения</translation>
    </message>
    <message>
        <source>Requests and bonus time</source>
        <translation>Просьбы и дополнительное время</translation>
    </message>
    <message>
        <source>Tampering</source>
        <translation>Попытки обхода</translation>
    </message>
    <message>
        <source>Settings changes</source>
        <translation>Изменения настроек</translation>
    </message>
    <message>
        <source>Save this week as:</source>
        <translation>Сохранить эту неделю как:</translation>
    </message>
    <message>
        <source>Web page (HTML)…</source>
        <translation>Веб-страницу (HTML)…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>Tables (CSV)…</source>
        <translation>Таблицы (CSV)…</translation>
    </message>
    <message>
        <source>Data (JSON)…</source>
        <translation>Данные (JSON)…</translation>
    </message>
    <message>
        <source>All four…</source>
        <translation>Все четыре…</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Screen time by day (minutes)</source>
        <translation>Время за компьютером по дням (минуты)</translation>
    </message>
    <message>
        <source>Screen time</source>
        <translation>Время за компьютером</translation>
    </message>
    <message>
        <source>Daily limit</source>
        <translation>Дневной лимит</translation>
    </message>
    <message>
        <source>Screen time by hour of day, whole week (minutes)</source>
        <translation>Время по часам суток за всю неделю (минуты)</translation>
    </message>
    <message>
        <source>Top apps (minutes)</source>
        <translation>Самые используемые приложения (минуты)</translation>
    </message>
    <message>
        <source>Kinds of apps (minutes)</source>
        <translation>Виды приложений (минуты)</translation>
    </message>
    <message>
        <source>There are no profiles yet. Add one in the parent settings.</source>
        <translation>Профилей пока нет. Добавьте профиль в настройках для родителей.</translation>
    </message>
    <message>
        <source>This week&apos;s activity could not be read. Try again later.</source>
        <translation>Не удалось прочитать активность за эту неделю. Попробуйте позже.</translation>
    </message>
    <message>
        <source>The parent password is needed to see the activity.</source>
        <translation>Чтобы увидеть активность, нужен пароль родителя.</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running, so the activity cannot be shown now.</source>
        <translation>Служба Guardian не запущена, поэтому активность сейчас показать нельзя.</translation>
    </message>
    <message>
        <source>The activity could not be read just now. Try again in a moment.</source>
        <translation>Сейчас не удалось прочитать активность. Попробуйте ещё раз через минуту.</translation>
    </message>
    <message>
        <source>%1 (week %2)</source>
        <translation>%1 (неделя %2)</translation>
    </message>
    <message>
        <source>No screen time was recorded for %1 this week.</source>
        <translation>За эту неделю у профиля %1 не записано времени за компьютером.</translation>
    </message>
    <message>
        <source>This is a past week.</source>
        <translation>Это прошедшая неделя.</translation>
    </message>
    <message>
        <source>Today: %1 used; no limit for the rest of the day.</source>
        <translation>Сегодня: использовано %1; до конца дня без ограничений.</translation>
    </message>
    <message>
        <source>Today: %1 used; no limit today.</source>
        <translation>Сегодня: использовано %1; сегодня без ограничений.</translation>
    </message>
    <message>
        <source>Today: %1 of %2 used.</source>
        <translation>Сегодня: использовано %1 из %2.</translation>
    </message>
    <message>
        <source>This week: %1 of the weekly %2.</source>
        <translation>За неделю: %1 из недельных %2.</translation>
    </message>
    <message>
        <source>This week: %1.</source>
        <translation>За неделю: %1.</translation>
    </message>
    <message>
        <source>Bonus time given: %1.</source>
        <translation>Дано дополнительного времени: %1.</translation>
    </message>
    <message>
        <source>The week is not over yet.</source>
        <translation>Неделя ещё не закончилась.</translation>
    </message>
    <message>
        <source>The week before is not on record.</source>
        <translation>О предыдущей неделе записей нет.</translation>
    </message>
    <message>
        <source>About the same as the week before (%1).</source>
        <translation>Примерно как на предыдущей неделе (%1).</translation>
    </message>
    <message>
        <source>%1 more than the week before (%2).</source>
        <translation>На %1 больше, чем на предыдущей неделе (%2).</translation>
    </message>
    <message>
        <source>%1 less than the week before (%2).</source>
        <translation>На %1 меньше, чем на предыдущей неделе (%2).</translation>
    </message>
    <message>
        <source>Save the summary in</source>
        <translation>Сохранить сводку в папку</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>The program that saves summaries could not be started.</source>
        <translation>Не удалось запустить программу, которая сохраняет сводки.</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n file(s) in %1: %2</source>
        <translation>
            <numerusform>Сохранён %n файл в папку %1: %2</numerusform>
            <numerusform>Сохранено %n файла в папку %1: %2</numerusform>
            <numerusform>Сохранено %n файлов в папку %1: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>The summary could not be saved in %1.</source>
        <translation>Не удалось сохранить сводку в %1.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>The program that saves summaries stopped unexpectedly.</source>
        <translation>Программа, которая сохраняет сводки, неожиданно остановилась.</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… и ещё %1</translation>
    </message>
    <message>
        <source>My week</source>
        <translation>Моя неделя</translation>
    </message>
    <message>
        <source>Your week could not be read. Please try again later.</source>
        <translation>Не получилось прочитать твою неделю. Попробуй ещё раз позже.</translation>
    </message>
    <message>
        <source>Guardian is not running right now, so your week cannot be shown.</source>
        <translation>Служба Guardian сейчас не запущена, поэтому твою неделю пока не показать.</translation>
    </message>
    <message>
        <source>Guardian keeps no week for this account, so there is nothing to show.</source>
        <translation>Для этой учётной записи Guardian не ведёт учёт недели, поэтому показывать нечего.</translation>
    </message>
    <message>
        <source>Your week could not be read just now. Please try again in a moment.</source>
        <translation>Сейчас не получилось прочитать твою неделю. Попробуй ещё раз чуть позже.</translation>
    </message>
    <message>
        <source>You had no screen time this week.</source>
        <translation>На этой неделе времени за экраном не было.</translation>
    </message>
    <message>
        <source>This week: %1 of your %2 for the week.</source>
        <translation>За неделю: %1 из твоих %2 на неделю.</translation>
    </message>
    <message>
        <source>Extra time you were given: %1.</source>
        <translation>Тебе дали дополнительное время: %1.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <source>Sites reported by the child</source>
        <translation>Сайты, о которых рассказал ребёнок</translation>
    </message>
    <message>
        <source>Reported sites</source>
        <translation>Сайты от ребёнка</translation>
    </message>
    <message>
        <source>Sites you told us about</source>
        <translation>Сайты, о которых ты рассказал</translation>
    </message>
    <message>
        <source>Block it</source>
        <translation>Заблокировать</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>Заблокировать %1</translation>
    </message>
    <message>
        <source>The site could not be blocked: %1</source>
        <translation>Не удалось заблокировать сайт: %1</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокирован</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>EventLogWindow</name>
    <message>
        <source>Event log</source>
        <translation>Журнал событий</translation>
    </message>
    <message>
        <source>Kind of event</source>
        <translation>Вид события</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>Все виды</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Every profile</source>
        <translation>Все профили</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Показать:</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>П&amp;рофиль:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>◀ Newer</source>
        <translation>◀ Новее</translation>
    </message>
    <message>
        <source>Older ▶</source>
        <translation>Старше ▶</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>The parent password is needed to see the event log.</source>
        <translation>Чтобы увидеть журнал событий, нужен пароль родителя.</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running, so the log cannot be read now.</source>
        <translation>Служба Guardian не запущена, поэтому журнал сейчас прочитать нельзя.</translation>
    </message>
    <message>
        <source>The event log could not be read just now. Try again in a moment.</source>
        <translation>Сейчас не удалось прочитать журнал событий. Попробуйте ещё раз через минуту.</translation>
    </message>
    <message>
        <source>No older entries.</source>
        <translation>Более ранних записей нет.</translation>
    </message>
    <message>
        <source>Nothing was logged that matches.</source>
        <translation>Подходящих записей в журнале нет.</translation>
    </message>
    <message>
        <source>The whole computer</source>
        <translation>Весь компьютер</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Страница %1</translation>
    </message>
</context>
<context>
    <name>EventTexts</name>
    <message>
        <source>Blocks and warnings</source>
        <translation>Блокировки и предупреждения</translation>
    </message>
    <message>
        <source>Requests and bonus time</source>
        <translation>Просьбы и дополнительное время</translation>
    </message>
    <message>
        <source>Tampering</source>
        <translation>Попытки обхода</translation>
    </message>
    <message>
        <source>Settings changes</source>
        <translation>Изменения настроек</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Неполадки</translation>
    </message>
    <message>
        <source>Weekly summaries</source>
        <translation>Недельные сводки</translation>
    </message>
    <message>
        <source>Time up</source>
        <translation>Время вышло</translation>
    </message>
    <message>
        <source>Session action</source>
        <translation>Действие с сеансом</translation>
    </message>
    <message>
        <source>App closed</source>
        <translation>Приложение закрыто</translation>
    </message>
    <message>
        <source>Site blocked</source>
        <translation>Сайт заблокирован</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <source>App warning</source>
        <translation>Предупреждение о приложении</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Просьба</translation>
    </message>
    <message>
        <source>Bonus time</source>
        <translation>Дополнительное время</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>Неверный пароль</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Новая учётная запись</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>Настройки изменены</translation>
    </message>
    <message>
        <source>Policy file edited</source>
        <translation>Файл правил изменён</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Пароль изменён</translation>
    </message>
    <message>
        <source>Policy file error</source>
        <translation>Ошибка в файле правил</translation>
    </message>
    <message>
        <source>Action failed</source>
        <translation>Действие не удалось</translation>
    </message>
    <message>
        <source>Part failing</source>
        <translation>Сбой части Guardian</translation>
    </message>
    <message>
        <source>Records restored</source>
        <translation>Записи восстановлены</translation>
    </message>
    <message>
        <source>Records lost</source>
        <translation>Записи потеряны</translation>
    </message>
    <message>
        <source>Summary written</source>
        <translation>Сводка записана</translation>
    </message>
    <message>
        <source>Summary mailed</source>
        <translation>Сводка отправлена</translation>
    </message>
    <message>
        <source>Summary not mailed</source>
        <translation>Сводка не отправлена</translation>
    </message>
    <message>
        <source>Summary not written</source>
        <translation>Сводка не записана</translation>
    </message>
    <message>
        <source>Mail password</source>
        <translation>Пароль почты</translation>
    </message>
    <message>
        <source>outside the allowed hours</source>
        <translation>вне разрешённых часов</translation>
    </message>
    <message>
        <source>no computer use allowed that day</source>
        <translation>в этот день компьютер не разрешён</translation>
    </message>
    <message>
        <source>the daily limit was used up</source>
        <translation>дневной лимит исчерпан</translation>
    </message>
    <message>
        <source>the weekly limit was used up</source>
        <translation>недельный лимит исчерпан</translation>
    </message>
    <message>
        <source>bonus time was running</source>
        <translation>шло дополнительное время</translation>
    </message>
    <message>
        <source>a part of Guardian was failing</source>
        <translation>часть Guardian давала сбой</translation>
    </message>
    <message>
        <source>it is blocked</source>
        <translation>оно заблокировано</translation>
    </message>
    <message>
        <source>only allowed apps may run</source>
        <translation>можно запускать только разрешённые приложения</translation>
    </message>
    <message>
        <source>this browser gets around the site filter</source>
        <translation>этот браузер обходит фильтр сайтов</translation>
    </message>
    <message>
        <source>the daily time for its kind of app was used up</source>
        <translation>дневное время для этого вида приложений исчерпано</translation>
    </message>
    <message>
        <source>it was downtime</source>
        <translation>было время отдыха</translation>
    </message>
    <message>
        <source>Locked the screen of %1</source>
        <translation>Экран %1 заблокирован</translation>
    </message>
    <message>
        <source>Logged %1 out</source>
        <translation>Выполнен выход из сеанса %1</translation>
    </message>
    <message>
        <source>Shut the computer down (%1)</source>
        <translation>Компьютер выключен (%1)</translation>
    </message>
    <message>
        <source>Put the computer to sleep (%1)</source>
        <translation>Компьютер переведён в сон (%1)</translation>
    </message>
    <message>
        <source>Closed the programs of %1</source>
        <translation>Программы %1 закрыты</translation>
    </message>
    <message>
        <source>Acted on the session of %1</source>
        <translation>Выполнено действие с сеансом %1</translation>
    </message>
    <message>
        <source>Could not lock the screen: %1</source>
        <translation>Не удалось заблокировать экран: %1</translation>
    </message>
    <message>
        <source>Could not log the child out: %1</source>
        <translation>Не удалось завершить сеанс ребёнка: %1</translation>
    </message>
    <message>
        <source>Could not shut the computer down: %1</source>
        <translation>Не удалось выключить компьютер: %1</translation>
    </message>
    <message>
        <source>Could not put the computer to sleep: %1</source>
        <translation>Не удалось перевести компьютер в сон: %1</translation>
    </message>
    <message>
        <source>Could not close the child&apos;s programs: %1</source>
        <translation>Не удалось закрыть программы ребёнка: %1</translation>
    </message>
    <message>
        <source>Could not act on the session: %1</source>
        <translation>Не удалось выполнить действие с сеансом: %1</translation>
    </message>
    <message>
        <source>Clock moved back %1 while Guardian was not running</source>
        <translation>Часы переведены назад на %1, пока Guardian не работал</translation>
    </message>
    <message>
        <source>Clock moved forward %1 while Guardian was not running</source>
        <translation>Часы переведены вперёд на %1, пока Guardian не работал</translation>
    </message>
    <message>
        <source>Clock moved back %1</source>
        <translation>Часы переведены назад на %1</translation>
    </message>
    <message>
        <source>Clock moved forward %1</source>
        <translation>Часы переведены вперёд на %1</translation>
    </message>
    <message>
        <source>The parent password file %1 was changed outside Guardian</source>
        <translation>Файл с паролем родителя %1 изменён не через Guardian</translation>
    </message>
    <message>
        <source>The child&apos;s account %1 is an administrator</source>
        <translation>Учётная запись ребёнка %1 — администратор</translation>
    </message>
    <message>
        <source>Guardian&apos;s tray was stopped in the session of %1</source>
        <translation>В сеансе %1 остановлен значок Guardian</translation>
    </message>
    <message>
        <source>The computer was blocked</source>
        <translation>Компьютер заблокирован</translation>
    </message>
    <message>
        <source>The computer was blocked: %1</source>
        <translation>Компьютер заблокирован: %1</translation>
    </message>
    <message>
        <source>Warned: %1 left</source>
        <translation>Предупреждение: осталось %1</translation>
    </message>
    <message>
        <source>Warned: %1 has %2 left</source>
        <translation>Предупреждение: у %1 осталось %2</translation>
    </message>
    <message>
        <source>Ended %1: %2</source>
        <translation>Закрыто %1: %2</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 asked for %2 more</source>
        <translation>%1 просит ещё %2</translation>
    </message>
    <message>
        <source>%1: “%2”</source>
        <translation>%1: «%2»</translation>
    </message>
    <message>
        <source>Gave the rest of the day</source>
        <translation>Дан весь остаток дня</translation>
    </message>
    <message>
        <source>Gave %1 more</source>
        <translation>Дано ещё %1</translation>
    </message>
    <message>
        <source>New account %1 appeared; profile %2 restricts it</source>
        <translation>Появилась новая учётная запись %1; её ограничивает профиль %2</translation>
    </message>
    <message>
        <source>New account %1 appeared; it is not restricted</source>
        <translation>Появилась новая учётная запись %1; она не ограничена</translation>
    </message>
    <message>
        <source>The settings were changed</source>
        <translation>Настройки изменены</translation>
    </message>
    <message>
        <source>The policy file was edited and applied</source>
        <translation>Файл правил изменён и применён</translation>
    </message>
    <message>
        <source>The policy file was edited but not applied: %1</source>
        <translation>Файл правил изменён, но не применён: %1</translation>
    </message>
    <message>
        <source>The parent password was changed</source>
        <translation>Пароль родителя изменён</translation>
    </message>
    <message>
        <source>The policy file could not be applied: %1</source>
        <translation>Не удалось применить файл правил: %1</translation>
    </message>
    <message>
        <source>A part of Guardian (%1) kept failing: %2</source>
        <translation>Часть Guardian (%1) раз за разом давала сбой: %2</translation>
    </message>
    <message>
        <source>Guardian&apos;s records were damaged and restored from a recent copy</source>
        <translation>Записи Guardian были повреждены и восстановлены из недавней копии</translation>
    </message>
    <message>
        <source>Guardian&apos;s records were damaged and lost; that day counted as used up</source>
        <translation>Записи Guardian были повреждены и потеряны; тот день засчитан как исчерпанный</translation>
    </message>
    <message>
        <source>The weekly summary %1 was written to %2</source>
        <translation>Недельная сводка %1 записана в %2</translation>
    </message>
    <message>
        <source>The weekly summaries %1 could not be written to %2: %3</source>
        <translation>Недельные сводки %1 не удалось записать в %2: %3</translation>
    </message>
    <message>
        <source>A weekly summary was sent by e-mail</source>
        <translation>Недельная сводка отправлена по почте</translation>
    </message>
    <message>
        <source>A weekly summary could not be sent yet: %1</source>
        <translation>Недельную сводку пока не удалось отправить: %1</translation>
    </message>
    <message>
        <source>The mail password was stored</source>
        <translation>Пароль почты сохранён</translation>
    </message>
    <message>
        <source>The mail password was removed</source>
        <translation>Пароль почты удалён</translation>
    </message>
    <message>
        <source>Parent password refused: too many wrong tries (account %1)</source>
        <translation>Пароль родителя не принят: слишком много неверных попыток (учётная запись %1)</translation>
    </message>
    <message>
        <source>Wrong parent password (wrong tries in a row: %2; account %1)</source>
        <translation>Неверный пароль родителя (неверных попыток подряд: %2; учётная запись %1)</translation>
    </message>
    <message>
        <source>Wrong parent password (account %1)</source>
        <translation>Неверный пароль родителя (учётная запись %1)</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>диск заполнен</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>диск только для чтения</translation>
    </message>
    <message>
        <source>Guardian may not write there</source>
        <translation>у Guardian нет права писать туда</translation>
    </message>
    <message>
        <source>it is not a folder</source>
        <translation>это не папка</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>папки не существует</translation>
    </message>
    <message>
        <source>the reason is not known</source>
        <translation>причина неизвестна</translation>
    </message>
    <message>
        <source>the mail server could not be reached. Check the server name and port, and that this computer is online.</source>
        <translation>не удалось связаться с почтовым сервером. Проверьте имя сервера и порт и что компьютер подключён к сети.</translation>
    </message>
    <message>
        <source>a secure connection could not be made. Check the security choice: port 587 usually needs STARTTLS, port 465 TLS.</source>
        <translation>не удалось установить защищённое соединение. Проверьте выбор защиты: порту 587 обычно нужен STARTTLS, порту 465 — TLS.</translation>
    </message>
    <message>
        <source>the server refused the user name or password. Check them; some providers need an app password.</source>
        <translation>сервер не принял имя пользователя или пароль. Проверьте их; некоторым почтовым службам нужен пароль приложения.</translation>
    </message>
    <message>
        <source>the server refused the message. Check the sender and recipient addresses.</source>
        <translation>сервер отказался принять письмо. Проверьте адреса отправителя и получателей.</translation>
    </message>
    <message>
        <source>the server did not answer in time. Try again later, or check the port.</source>
        <translation>сервер не ответил вовремя. Попробуйте позже или проверьте порт.</translation>
    </message>
    <message>
        <source>no mail password is set. Enter the password and press Set password.</source>
        <translation>пароль почты не задан. Введите пароль и нажмите «Сохранить пароль».</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Request %1 from %2: %3</source>
        <translation>Просьба %1 от %2: %3</translation>
    </message>
    <message>
        <source>Gave the rest of the day, also outside the allowed hours</source>
        <translation>Дан весь остаток дня, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source>Gave %1 more, also outside the allowed hours</source>
        <translation>Дано ещё %1, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source>%1 told a parent about the site %2</source>
        <translation>%1 рассказал(а) родителю о сайте %2</translation>
    </message>
    <message>
        <source>%1 asked to use %2</source>
        <translation>%1 просит разрешить %2</translation>
    </message>
    <message>
        <source>%1 asked to open the site %2</source>
        <translation>%1 просит открыть сайт %2</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>разрешено</translation>
    </message>
    <message>
        <source>approved for the rest of the day</source>
        <translation>одобрено до конца дня</translation>
    </message>
    <message>
        <source>approved, %1 more</source>
        <translation>одобрено, ещё %1</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>одобрено</translation>
    </message>
    <message>
        <source>%1, also outside the allowed hours</source>
        <translation>%1, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source>not answered yet</source>
        <translation>ещё нет ответа</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>отказано</translation>
    </message>
    <message>
        <source>the site was blocked</source>
        <translation>сайт заблокирован</translation>
    </message>
    <message>
        <source>seen by a parent</source>
        <translation>родитель прочитал</translation>
    </message>
    <message>
        <source>taken back by the child</source>
        <translation>ребёнок отменил</translation>
    </message>
    <message>
        <source>not answered that day</source>
        <translation>без ответа в тот день</translation>
    </message>
    <message>
        <source>%1 (parent password)</source>
        <translation>%1 (пароль родителя)</translation>
    </message>
    <message>
        <source>%1 (code from the parent&apos;s phone)</source>
        <translation>%1 (код с телефона родителя)</translation>
    </message>
    <message>
        <source>Phone approval</source>
        <translation>Ответ с телефона</translation>
    </message>
    <message>
        <source>Approval by code from the parent&apos;s phone was set up</source>
        <translation>Настроен ответ кодом с телефона родителя</translation>
    </message>
    <message>
        <source>Approval by code from the parent&apos;s phone was turned off</source>
        <translation>Ответ кодом с телефона родителя выключен</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>STARTTLS (usually port 587)</source>
        <translation>STARTTLS (обычно порт 587)</translation>
    </message>
    <message>
        <source>TLS from the start (usually port 465)</source>
        <translation>TLS с самого начала (обычно порт 465)</translation>
    </message>
    <message>
        <source>None: only for a mail relay on this computer</source>
        <translation>Без защиты: только для почтового ретранслятора на этом компьютере</translation>
    </message>
    <message>
        <source>The test message was sent. Check the recipients&apos; inboxes.</source>
        <translation>Тестовое письмо отправлено. Проверьте почтовые ящики получателей.</translation>
    </message>
    <message>
        <source>The test message was not sent: %1</source>
        <translation>Тестовое письмо не отправлено: %1</translation>
    </message>
    <message>
        <source>Next summary: %1</source>
        <translation>Следующая сводка: %1</translation>
    </message>
    <message>
        <source>No summary is scheduled.</source>
        <translation>Сводки не запланированы.</translation>
    </message>
    <message>
        <source>Last written: %1 into %3 (files: %2)</source>
        <translation>Последняя запись: %1 в %3 (файлов: %2)</translation>
    </message>
    <message>
        <source>Messages waiting to be sent: %1</source>
        <translation>Писем ждут отправки: %1</translation>
    </message>
    <message>
        <source>Last problem: %1</source>
        <translation>Последняя неполадка: %1</translation>
    </message>
    <message>
        <source>Write a summary of each profile&apos;s week</source>
        <translation>Составлять сводку за неделю для каждого профиля</translation>
    </message>
    <message>
        <source>Day the summary is written</source>
        <translation>День, когда пишется сводка</translation>
    </message>
    <message>
        <source>Time the summary is written</source>
        <translation>Время, когда пишется сводка</translation>
    </message>
    <message>
        <source>at</source>
        <translation>в</translation>
    </message>
    <message>
        <source>Guardian&apos;s own reports folder</source>
        <translation>Собственная папка сводок Guardian</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> нед.</translation>
    </message>
    <message>
        <source>Weekly summary</source>
        <translation>Недельная сводка</translation>
    </message>
    <message>
        <source>&amp;Written on:</source>
        <translation>&amp;Когда писать:</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <source>&amp;Keep the last:</source>
        <translation>&amp;Хранить последние:</translation>
    </message>
    <message>
        <source>Formats:</source>
        <translation>Форматы:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>&amp;Weeks start on:</source>
        <translation>&amp;Неделя начинается:</translation>
    </message>
    <message>
        <source>Send each summary by e-mail</source>
        <translation>Отправлять каждую сводку по электронной почте</translation>
    </message>
    <message>
        <source>the user name, if it is an address</source>
        <translation>имя пользователя, если это адрес</translation>
    </message>
    <message>
        <source>Mail password</source>
        <translation>Пароль почты</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Сохранить пароль</translation>
    </message>
    <message>
        <source>Forget password</source>
        <translation>Забыть пароль</translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation>Отправить тестовое письмо</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Электронная почта</translation>
    </message>
    <message>
        <source>Mail &amp;server:</source>
        <translation>Почтовый &amp;сервер:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>П&amp;орт:</translation>
    </message>
    <message>
        <source>S&amp;ecurity:</source>
        <translation>&amp;Защита:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Имя пользователя:</translation>
    </message>
    <message>
        <source>&amp;Sender:</source>
        <translation>О&amp;тправитель:</translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation>По&amp;лучатели:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Паро&amp;ль:</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <source>Folder for the weekly summaries</source>
        <translation>Папка для недельных сводок</translation>
    </message>
    <message>
        <source>The service&apos;s answer could not be read.</source>
        <translation>Не удалось прочитать ответ службы.</translation>
    </message>
    <message>
        <source>A mail password is stored.</source>
        <translation>Пароль почты сохранён.</translation>
    </message>
    <message>
        <source>No mail password is stored.</source>
        <translation>Пароль почты не сохранён.</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running, so its schedule is not known.</source>
        <translation>Служба Guardian не запущена, поэтому расписание неизвестно.</translation>
    </message>
    <message>
        <source>This computer&apos;s Guardian does not say when summaries are written.</source>
        <translation>Guardian на этом компьютере не сообщает, когда пишутся сводки.</translation>
    </message>
    <message>
        <source>Type the password first.</source>
        <translation>Сначала введите пароль.</translation>
    </message>
    <message>
        <source>The password was not stored. Try again in a moment.</source>
        <translation>Пароль не сохранён. Попробуйте ещё раз через минуту.</translation>
    </message>
    <message>
        <source>The mail password was stored.</source>
        <translation>Пароль почты сохранён.</translation>
    </message>
    <message>
        <source>The mail password was removed.</source>
        <translation>Пароль почты удалён.</translation>
    </message>
    <message>
        <source>Turn e-mail on and apply the settings before sending a test.</source>
        <translation>Включите отправку почты и примените настройки, прежде чем отправлять тестовое письмо.</translation>
    </message>
    <message>
        <source>Apply the settings first: the test uses the saved mail settings.</source>
        <translation>Сначала примените настройки: тест использует сохранённые настройки почты.</translation>
    </message>
    <message>
        <source>The test could not be started. Try again in a moment.</source>
        <translation>Тест не удалось начать. Попробуйте ещё раз через минуту.</translation>
    </message>
    <message>
        <source>Sending a test message…</source>
        <translation>Отправка тестового письма…</translation>
    </message>
    <message>
        <source>The service has not said how the test went. Messages that could not be sent are kept and tried again; see “Now” below.</source>
        <translation>Служба не сообщила, чем закончился тест. Неотправленные письма сохраняются и отправляются повторно; см. «Сейчас» ниже.</translation>
    </message>
    <message>
        <source>The folder may be on a network share. On the chosen day the summary of the week that ended last is written: the day a week starts gives the whole week just ended, its last day gives that week as it stands.</source>
        <translation>Папка может быть и в общей сетевой папке. В выбранный день пишется сводка за последнюю неделю: первый день недели даёт всю прошедшую неделю, последний — неделю такой, какая она к этому часу.</translation>
    </message>
</context>
<context>
    <name>Mail</name>
    <message>
        <source>Weekly summary: %1, %2</source>
        <translation>Сводка за неделю: %1, %2</translation>
    </message>
    <message>
        <source>The weekly summary of %1 for %2 to %3.</source>
        <translation>Сводка за неделю для профиля %1 с %2 по %3.</translation>
    </message>
    <message>
        <source>Screen time this week: %1.</source>
        <translation>Время за экраном за эту неделю: %1.</translation>
    </message>
    <message>
        <source>The week before: %1.</source>
        <translation>За предыдущую неделю: %1.</translation>
    </message>
    <message>
        <source>The summary is also attached as a PDF.</source>
        <translation>Сводка также приложена в виде PDF.</translation>
    </message>
    <message>
        <source>Sent by Guardian on %1.</source>
        <translation>Отправлено Guardian с компьютера %1.</translation>
    </message>
    <message>
        <source>Guardian: a test message</source>
        <translation>Guardian: тестовое письмо</translation>
    </message>
    <message>
        <source>Guardian on %1 can send weekly summaries to this address.</source>
        <translation>Guardian на компьютере %1 может отправлять еженедельные сводки на этот адрес.</translation>
    </message>
</context>
<context>
    <name>ManagedLocks</name>
    <message>
        <source>Set by your school&apos;s managed policy: %1</source>
        <translation>Задано управляемой политикой школы: %1</translation>
    </message>
    <message>
        <source>Some settings are set by your school&apos;s managed policy (%1). They are marked with a lock and cannot be changed here.</source>
        <translation>Некоторые настройки заданы управляемой политикой школы (%1). Они отмечены замком, и изменить их здесь нельзя.</translation>
    </message>
    <message>
        <source>[managed]</source>
        <translation>[задано школой]</translation>
    </message>
</context>
<context>
    <name>AskTimeDialog</name>
    <message>
        <source>Ask for more time</source>
        <translation>Попросить ещё времени</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>How much more time would you like today?</source>
        <translation>Сколько ещё времени тебе нужно сегодня?</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 мин</translation>
    </message>
    <message>
        <source>30 min</source>
        <translation>30 мин</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 ч</translation>
    </message>
    <message>
        <source>Other:</source>
        <translation>Другое:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Минуты</translation>
    </message>
    <message>
        <source>A message for your parent (optional):</source>
        <translation>Сообщение для родителя (необязательно):</translation>
    </message>
    <message>
        <source>For example: I need to finish my homework.</source>
        <translation>Например: мне нужно доделать домашнее задание.</translation>
    </message>
    <message>
        <source>Message for your parent</source>
        <translation>Сообщение для родителя</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 из %2 знаков</translation>
    </message>
    <message>
        <source>A parent is here…</source>
        <translation>Родитель рядом…</translation>
    </message>
    <message>
        <source>Code from your parent&apos;s phone:</source>
        <translation>Код с телефона родителя:</translation>
    </message>
    <message>
        <source>Code from your parent&apos;s phone</source>
        <translation>Код с телефона родителя</translation>
    </message>
    <message>
        <source>Use the code</source>
        <translation>Ввести код</translation>
    </message>
    <message>
        <source>Ask again</source>
        <translation>Попросить заново</translation>
    </message>
    <message>
        <source>Sent.</source>
        <translation>Отправлено.</translation>
    </message>
    <message>
        <source>A parent can approve it here with their password, or from their phone: read them the code, then type in the code their phone shows.</source>
        <translation>Родитель может одобрить просьбу здесь своим паролем или со своего телефона: назови ему код, а потом введи код, который покажет его телефон.</translation>
    </message>
    <message>
        <source>Tell a parent the code. They can approve it on their computer, or here with their password.</source>
        <translation>Назови код родителю. Он может одобрить просьбу на своём компьютере или здесь своим паролем.</translation>
    </message>
    <message>
        <source>Ask for more</source>
        <translation>Попросить ещё</translation>
    </message>
</context>
<context>
    <name>MyDay</name>
    <message>
        <source>No allowed hours are left today.</source>
        <translation>Разрешённых часов сегодня больше нет.</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Still allowed today: %1</source>
        <translation>Сегодня ещё можно: %1</translation>
    </message>
    <message>
        <source>Nothing closes the computer today.</source>
        <translation>Сегодня компьютер не закроется.</translation>
    </message>
    <message>
        <source>If you keep using it, the computer closes at %1.</source>
        <translation>Если продолжать, компьютер закроется в %1.</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>Allowed: %1.</source>
        <translation>Разрешено: %1.</translation>
    </message>
    <message>
        <source>Used today: %1.</source>
        <translation>Использовано сегодня: %1.</translation>
    </message>
    <message>
        <source>Today&apos;s timeline</source>
        <translation>Шкала сегодняшнего дня</translation>
    </message>
</context>
<context>
    <name>MyDayWindow</name>
    <message>
        <source>My day</source>
        <translation>Мой день</translation>
    </message>
    <message>
        <source>Ask for more time…</source>
        <translation>Попросить ещё времени…</translation>
    </message>
    <message>
        <source>My week…</source>
        <translation>Моя неделя…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Apps and games today</source>
        <translation>Приложения и игры сегодня</translation>
    </message>
    <message>
        <source>Blocked lately</source>
        <translation>Недавно заблокировано</translation>
    </message>
    <message>
        <source>My requests</source>
        <translation>Мои просьбы</translation>
    </message>
    <message>
        <source>Guardian is not running right now, so your day cannot be shown. Your limits are kept as usual; a parent can check on it.</source>
        <translation>Guardian сейчас не работает, поэтому твой день не получается показать. Ограничения действуют как обычно; родитель может это проверить.</translation>
    </message>
    <message>
        <source>Your day cannot be shown right now. Please try again in a minute.</source>
        <translation>Сейчас не получается показать твой день. Попробуй ещё раз через минуту.</translation>
    </message>
    <message>
        <source>No time limits for you.</source>
        <translation>Для тебя нет ограничений по времени.</translation>
    </message>
    <message>
        <source>No time limit today.</source>
        <translation>Сегодня без ограничения по времени.</translation>
    </message>
    <message>
        <source>%1 left today</source>
        <translation>Сегодня осталось %1</translation>
    </message>
    <message>
        <source>This week: %1 left</source>
        <translation>На этой неделе осталось %1</translation>
    </message>
    <message>
        <source>Nothing was blocked lately.</source>
        <translation>В последнее время ничего не блокировалось.</translation>
    </message>
    <message>
        <source>You have not asked for anything today.</source>
        <translation>Сегодня ты ещё ни о чём не просил(а).</translation>
    </message>
    <message>
        <source>Green: your allowed hours. Blue: time used. Red line: now.</source>
        <translation>Зелёное — разрешённые часы. Синее — использованное время. Красная линия — сейчас.</translation>
    </message>
</context>
<context>
    <name>RequestTexts</name>
    <message>
        <source>%1 more time</source>
        <translation>Ещё %1</translation>
    </message>
    <message>
        <source>Access to %1</source>
        <translation>Доступ к %1</translation>
    </message>
    <message>
        <source>You told your parent about %1</source>
        <translation>Ты рассказал(а) родителю о %1</translation>
    </message>
    <message>
        <source>Approved: the rest of the day</source>
        <translation>Разрешено: до конца дня</translation>
    </message>
    <message>
        <source>Approved: %1 more</source>
        <translation>Одобрено: ещё %1</translation>
    </message>
    <message>
        <source>(also outside your allowed hours)</source>
        <translation>(и вне разрешённых часов)</translation>
    </message>
    <message>
        <source>Waiting for a parent&apos;s answer.</source>
        <translation>Ждём ответа родителя.</translation>
    </message>
    <message>
        <source>Approved.</source>
        <translation>Одобрено.</translation>
    </message>
    <message>
        <source>Your parent said no.</source>
        <translation>Родитель ответил «нет».</translation>
    </message>
    <message>
        <source>Your parent blocked this site.</source>
        <translation>Родитель заблокировал этот сайт.</translation>
    </message>
    <message>
        <source>Your parent has seen it.</source>
        <translation>Родитель это видел.</translation>
    </message>
    <message>
        <source>You took this request back.</source>
        <translation>Ты отменил(а) эту просьбу.</translation>
    </message>
    <message>
        <source>Nobody answered before the day ended.</source>
        <translation>До конца дня никто не ответил.</translation>
    </message>
    <message>
        <source>Your request code is %1</source>
        <translation>Код твоей просьбы: %1</translation>
    </message>
    <message>
        <source>Your parent says: “%1”</source>
        <translation>Родитель пишет: «%1»</translation>
    </message>
    <message>
        <source>Your request</source>
        <translation>Твоя просьба</translation>
    </message>
    <message>
        <source>Your parent gave you the rest of the day.</source>
        <translation>Родитель разрешил тебе до конца дня.</translation>
    </message>
    <message>
        <source>Your parent gave you %1 more.</source>
        <translation>Родитель дал тебе ещё %1.</translation>
    </message>
    <message>
        <source>Your parent said yes: %1.</source>
        <translation>Родитель согласился: %1.</translation>
    </message>
    <message>
        <source>Your parent said no: %1</source>
        <translation>Родитель ответил «нет»: %1</translation>
    </message>
    <message>
        <source>Your request ended with the day. You can ask again tomorrow.</source>
        <translation>Твоя просьба закончилась вместе с днём. Завтра можно попросить снова.</translation>
    </message>
    <message>
        <source>Guardian is not running right now, so the request cannot be sent. Please ask a parent in person.</source>
        <translation>Guardian сейчас не работает, поэтому просьбу не получается отправить. Попроси родителя лично.</translation>
    </message>
    <message>
        <source>The request could not be sent. Please try again, or ask a parent in person.</source>
        <translation>Просьбу не получилось отправить. Попробуй ещё раз или попроси родителя лично.</translation>
    </message>
    <message>
        <source>That code did not work. Check it and try again.</source>
        <translation>Этот код не подошёл. Проверь его и попробуй снова.</translation>
    </message>
    <message>
        <source>Guardian is not running right now, so the code cannot be checked. Please ask a parent in person.</source>
        <translation>Guardian сейчас не работает, поэтому код не получается проверить. Попроси родителя лично.</translation>
    </message>
    <message>
        <source>The code could not be checked. Please try again, or ask a parent in person.</source>
        <translation>Код не получилось проверить. Попробуй ещё раз или попроси родителя лично.</translation>
    </message>
    <message>
        <source>Guardian is not running right now, so your requests cannot be shown.</source>
        <translation>Guardian сейчас не работает, поэтому твои просьбы не получается показать.</translation>
    </message>
    <message>
        <source>Your requests cannot be shown right now.</source>
        <translation>Сейчас не получается показать твои просьбы.</translation>
    </message>
    <message>
        <source>You have asked a lot in a short time. Please wait %1 and try again.</source>
        <translation>Ты просил(а) много раз подряд. Подожди %1 и попробуй снова.</translation>
    </message>
    <message>
        <source>Too many codes did not work. Please wait %1 and try again.</source>
        <translation>Слишком много кодов не подошло. Подожди %1 и попробуй снова.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Reported the site %1</source>
        <translation>Сообщил(а) о сайте %1</translation>
    </message>
    <message>
        <source>Open the site %1</source>
        <translation>Открыть сайт %1</translation>
    </message>
    <message>
        <source>Use the app %1</source>
        <translation>Пользоваться приложением %1</translation>
    </message>
    <message>
        <source>%1 reported a site: %2</source>
        <translation>%1 сообщает о сайте: %2</translation>
    </message>
    <message>
        <source>%1 asks to open %2</source>
        <translation>%1 просит открыть %2</translation>
    </message>
    <message>
        <source>%1 asks to use %2</source>
        <translation>%1 просит разрешить %2</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«%1»</translation>
    </message>
    <message>
        <source>A request from %1</source>
        <translation>Запрос: %1</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Разрешено</translation>
    </message>
    <message>
        <source>Approved: %1</source>
        <translation>Разрешено: %1</translation>
    </message>
    <message>
        <source>, also outside the allowed hours</source>
        <translation>, в том числе вне разрешённых часов</translation>
    </message>
    <message>
        <source> (with a code from the phone)</source>
        <translation> (кодом с телефона)</translation>
    </message>
    <message>
        <source>Waiting for an answer</source>
        <translation>Ждёт ответа</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Отказано</translation>
    </message>
    <message>
        <source>Site blocked</source>
        <translation>Сайт заблокирован</translation>
    </message>
    <message>
        <source>Marked as seen</source>
        <translation>Просмотрено</translation>
    </message>
    <message>
        <source>Taken back by the child</source>
        <translation>Ребёнок отозвал запрос</translation>
    </message>
    <message>
        <source>Not answered that day</source>
        <translation>Остался без ответа в тот день</translation>
    </message>
    <message>
        <source>Guardian&apos;s service is not running, so nothing was changed.</source>
        <translation>Служба Guardian не запущена, поэтому ничего не изменилось.</translation>
    </message>
    <message>
        <source>The parent session has ended. Enter the password again.</source>
        <translation>Сеанс родителя закончился. Введите пароль ещё раз.</translation>
    </message>
    <message>
        <source>Too many wrong tries. Wait a little and try again.</source>
        <translation>Слишком много неверных попыток. Подождите немного и попробуйте снова.</translation>
    </message>
    <message>
        <source>The password or code was not accepted.</source>
        <translation>Пароль или код не принят.</translation>
    </message>
    <message>
        <source>The service did not accept this answer: the request may have been answered or taken back already.</source>
        <translation>Служба не приняла ответ: возможно, на запрос уже ответили или его отозвали.</translation>
    </message>
    <message>
        <source>The answer was not sent. Please try again.</source>
        <translation>Ответ не отправлен. Попробуйте ещё раз.</translation>
    </message>
    <message numerus="yes">
        <source>%n more minutes</source>
        <translation>
            <numerusform>ещё %n минута</numerusform>
            <numerusform>ещё %n минуты</numerusform>
            <numerusform>ещё %n минут</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 asks for %n more minutes</source>
        <translation>
            <numerusform>%1 просит ещё %n минуту</numerusform>
            <numerusform>%1 просит ещё %n минуты</numerusform>
            <numerusform>%1 просит ещё %n минут</numerusform>
        </translation>
    </message>
    <message>
        <source>Guardian is not running right now, so this cannot be sent. Please ask a parent in person.</source>
        <translation>Guardian сейчас не работает, поэтому отправить не получается. Попроси родителя лично.</translation>
    </message>
    <message>
        <source>This could not be sent. Please try again, or ask a parent in person.</source>
        <translation>Отправить не получилось. Попробуй ещё раз или попроси родителя лично.</translation>
    </message>
</context>
<context>
    <name>Tips</name>
    <message>
        <source>Every 20 minutes, look at something far away for 20 seconds. Your eyes will thank you!</source>
        <translation>Каждые 20 минут смотри 20 секунд на что-нибудь далёкое. Глаза скажут спасибо!</translation>
    </message>
    <message>
        <source>Sit with your back against the chair and your feet on the floor.</source>
        <translation>Сиди, опираясь спиной на спинку стула, а ноги ставь на пол.</translation>
    </message>
    <message>
        <source>Your password is like a toothbrush: just for you. Only your parents may know it.</source>
        <translation>Пароль как зубная щётка: он только твой. Знать его могут только родители.</translation>
    </message>
    <message>
        <source>Never tell anyone online where you live, which school you go to or your phone number.</source>
        <translation>Никогда не пиши в интернете, где ты живёшь, в какой школе учишься и какой у тебя номер телефона.</translation>
    </message>
    <message>
        <source>If something on the screen scares you or feels wrong, tell a grown-up. You will not be in trouble.</source>
        <translation>Если что-то на экране пугает тебя или кажется неправильным, расскажи взрослому. Тебя не будут ругать.</translation>
    </message>
    <message>
        <source>Stand up, stretch and wiggle a bit after each game or video.</source>
        <translation>После каждой игры или видео встань, потянись и подвигайся.</translation>
    </message>
    <message>
        <source>Screens off an hour before bed helps you fall asleep faster.</source>
        <translation>Если выключить экраны за час до сна, уснёшь быстрее.</translation>
    </message>
    <message>
        <source>Be kind online, just like at school or on the playground.</source>
        <translation>В интернете будь добрым, как в школе или на площадке.</translation>
    </message>
    <message>
        <source>Someone you only know from the internet is still a stranger. Ask a parent before you chat.</source>
        <translation>Тот, кого ты знаешь только по интернету, — всё равно незнакомец. Спроси родителя, прежде чем с ним переписываться.</translation>
    </message>
    <message>
        <source>Drink some water and play outside today, too.</source>
        <translation>Попей воды и поиграй сегодня на улице.</translation>
    </message>
    <message>
        <source>The 20-20-20 rule: every 20 minutes, look 20 feet (6 metres) away for 20 seconds.</source>
        <translation>Правило 20-20-20: каждые 20 минут смотри 20 секунд на что-нибудь в 6 метрах от тебя.</translation>
    </message>
    <message>
        <source>Keep the top of the screen at eye level and your shoulders relaxed.</source>
        <translation>Верх экрана — на уровне глаз, плечи — расслаблены.</translation>
    </message>
    <message>
        <source>Do not share your passwords, not even with a best friend. Friendships change; passwords should not leak.</source>
        <translation>Не говори свои пароли никому, даже лучшему другу. Дружба меняется, а пароли не должны утекать.</translation>
    </message>
    <message>
        <source>Before you post a photo, check it for your address, school or anything else that shows where you are.</source>
        <translation>Прежде чем выложить фото, проверь, не видно ли на нём адреса, школы или чего-то ещё, что выдаёт, где ты.</translation>
    </message>
    <message>
        <source>Saw something upsetting or scary? Talk to an adult you trust. It is never your fault.</source>
        <translation>Увидел(а) что-то неприятное или страшное? Поговори со взрослым, которому доверяешь. Ты ни в чём не виноват(а).</translation>
    </message>
    <message>
        <source>Not everyone online is who they say they are. Never meet someone from the internet without a parent.</source>
        <translation>В интернете не все те, за кого себя выдают. Никогда не встречайся с людьми из интернета без родителей.</translation>
    </message>
    <message>
        <source>Switching screens off an hour before sleep gives you better sleep and better days.</source>
        <translation>Экраны выключены за час до сна — и сон лучше, и день удачнее.</translation>
    </message>
    <message>
        <source>Before you send a message, ask yourself: would I say this to their face?</source>
        <translation>Прежде чем отправить сообщение, спроси себя: сказал(а) бы я это в лицо?</translation>
    </message>
    <message>
        <source>Take a short break every hour: walk around, stretch, drink some water.</source>
        <translation>Каждый час делай короткий перерыв: пройдись, потянись, попей воды.</translation>
    </message>
    <message>
        <source>A message that rushes you ("click now!", "you won!") is often a trick. Ask before you click.</source>
        <translation>Сообщение, которое тебя торопит («жми скорее!», «ты выиграл!»), часто оказывается обманом. Сначала спроси, потом нажимай.</translation>
    </message>
    <message>
        <source>20-20-20: every 20 minutes, look at something 6 metres away for 20 seconds. It really helps tired eyes.</source>
        <translation>20-20-20: каждые 20 минут смотри 20 секунд на что-нибудь в 6 метрах. Уставшим глазам это правда помогает.</translation>
    </message>
    <message>
        <source>Screen at eye level, an arm&apos;s length away, and a proper chair: your back will notice the difference in a few years.</source>
        <translation>Экран на уровне глаз, на расстоянии вытянутой руки, и удобный стул: через несколько лет спина почувствует разницу.</translation>
    </message>
    <message>
        <source>Use a different password for each account, and turn on two-step sign-in where you can.</source>
        <translation>Используй для каждого аккаунта свой пароль и включай двухэтапный вход, где можно.</translation>
    </message>
    <message>
        <source>Think twice before sharing where you are in real time. Location, school and routine add up.</source>
        <translation>Подумай дважды, прежде чем делиться тем, где ты сейчас. Место, школа и распорядок дня вместе говорят о тебе многое.</translation>
    </message>
    <message>
        <source>If someone pressures you for photos or secrets, it is not your fault. Block, keep the proof and talk to someone you trust.</source>
        <translation>Если кто-то давит на тебя, требуя фото или секретов, ты не виноват(а). Заблокируй, сохрани доказательства и поговори с тем, кому доверяешь.</translation>
    </message>
    <message>
        <source>Feeds are built to keep you scrolling. Decide how long you want to spend before you open them.</source>
        <translation>Ленты сделаны так, чтобы их листали без конца. Реши, сколько времени готов(а) потратить, прежде чем открыть их.</translation>
    </message>
    <message>
        <source>Phones and screens away an hour before sleep: you will fall asleep faster and think more clearly tomorrow.</source>
        <translation>Телефон и экраны — в сторону за час до сна: уснёшь быстрее, а завтра будет свежая голова.</translation>
    </message>
    <message>
        <source>Check where a story comes from before you share it. Anyone can make a post look like news.</source>
        <translation>Прежде чем делиться новостью, проверь, откуда она. Оформить пост как новость может кто угодно.</translation>
    </message>
    <message>
        <source>Kind words online cost nothing. Behind every screen name is a real person.</source>
        <translation>Добрые слова в сети ничего не стоят. За каждым ником — живой человек.</translation>
    </message>
    <message>
        <source>Long session? Stand up, stretch, refill your water and give your eyes a rest.</source>
        <translation>Долго сидишь? Встань, потянись, налей воды и дай глазам отдохнуть.</translation>
    </message>
    <message>
        <source>Tip: %1</source>
        <translation>Совет: %1</translation>
    </message>
</context>
<context>
    <name>AnswerDialog</name>
    <message>
        <source>Answer a request</source>
        <translation>Ответ на запрос</translation>
    </message>
    <message>
        <source>%1 asks: %2</source>
        <translation>%1 просит: %2</translation>
    </message>
    <message>
        <source>%1 told you about a site: %2</source>
        <translation>%1 сообщает о сайте: %2</translation>
    </message>
    <message>
        <source>Asked %1 · request code %2</source>
        <translation>Запрос от %1 · код запроса %2</translation>
    </message>
    <message>
        <source>%1 wrote: “%2”</source>
        <translation>%1 пишет: «%2»</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Необязательно</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Разрешить</translation>
    </message>
    <message>
        <source>Approve: add %1 to %2&apos;s allowed sites</source>
        <translation>Разрешить: добавить %1 в разрешённые сайты профиля %2</translation>
    </message>
    <message>
        <source>Approve: add %1 to %2&apos;s allowed apps</source>
        <translation>Разрешить: добавить %1 в разрешённые приложения профиля %2</translation>
    </message>
    <message>
        <source>Block: add %1 to %2&apos;s blocked sites</source>
        <translation>Заблокировать: добавить %1 в запрещённые сайты профиля %2</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Отказать</translation>
    </message>
    <message>
        <source>&amp;Message %1 will see:</source>
        <translation>&amp;Сообщение, которое увидит %1:</translation>
    </message>
    <message>
        <source>Send the answer</source>
        <translation>Отправить ответ</translation>
    </message>
    <message>
        <source>Blocking adds %1 to %2&apos;s blocked sites.</source>
        <translation>Блокировка добавит %1 в запрещённые сайты профиля %2.</translation>
    </message>
    <message>
        <source>Block this site</source>
        <translation>Заблокировать сайт</translation>
    </message>
    <message>
        <source>Mark as seen</source>
        <translation>Отметить как просмотренное</translation>
    </message>
    <message>
        <source>A parent answers %1&apos;s request here: %2. The password is not kept.</source>
        <translation>Родитель отвечает на запрос (%1) прямо здесь: %2. Пароль не сохраняется.</translation>
    </message>
</context>
<context>
    <name>GrantChoice</name>
    <message>
        <source>Opens the computer now for the rest of the day, even outside the allowed hours (bedtime).</source>
        <translation>Открывает компьютер сейчас до конца дня, даже вне разрешённых часов (и перед сном).</translation>
    </message>
    <message>
        <source>Lifts today&apos;s time limit for the rest of the day, within the allowed hours.</source>
        <translation>Снимает лимит времени до конца дня — в пределах разрешённых часов.</translation>
    </message>
    <message>
        <source>Opens the computer now for %1, even outside the allowed hours (bedtime).</source>
        <translation>Открывает компьютер сейчас на %1, даже вне разрешённых часов (и перед сном).</translation>
    </message>
    <message>
        <source>Adds %1 to today&apos;s time, usable within the allowed hours.</source>
        <translation>Добавляет %1 к сегодняшнему времени — в пределах разрешённых часов.</translation>
    </message>
    <message>
        <source>As asked: %1</source>
        <translation>Сколько просили: %1</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 минут</translation>
    </message>
    <message>
        <source>30 minutes</source>
        <translation>30 минут</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 час</translation>
    </message>
    <message>
        <source>The rest of the day</source>
        <translation>До конца дня</translation>
    </message>
    <message>
        <source>Other:</source>
        <translation>Другое:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Other amount of minutes</source>
        <translation>Другое количество минут</translation>
    </message>
    <message>
        <source>Also allow use outside the allowed hours for this time</source>
        <translation>Разрешить на это время и вне разрешённых часов</translation>
    </message>
    <message>
        <source>Open the computer now, even outside the allowed hours</source>
        <translation>Открыть компьютер сейчас, даже вне разрешённых часов</translation>
    </message>
    <message>
        <source>It is outside the allowed hours now. Extra time alone does not open the computer until they begin (%1).</source>
        <translation>Сейчас не разрешённые часы. Одно только дополнительное время не откроет компьютер, пока они не начнутся (%1).</translation>
    </message>
    <message>
        <source>Add the time for later, from %1</source>
        <translation>Добавить время на потом, с %1</translation>
    </message>
    <message>
        <source>It is outside the allowed hours now. Extra time alone does not open the computer until they begin.</source>
        <translation>Сейчас не разрешённые часы. Одно только дополнительное время не откроет компьютер, пока они не начнутся.</translation>
    </message>
    <message>
        <source>Add the time for later, within the allowed hours</source>
        <translation>Добавить время на потом, в разрешённые часы</translation>
    </message>
    <message>
        <source>Choose whether the time may be used now, outside the allowed hours.</source>
        <translation>Выберите, можно ли использовать это время сейчас, вне разрешённых часов.</translation>
    </message>
    <message>
        <source>It is outside the allowed hours now, and they do not begin again today. Extra time is for today only, so it can only be used if it opens the computer now.</source>
        <translation>Сейчас не разрешённые часы, и сегодня они уже не начнутся. Дополнительное время действует только сегодня, поэтому им можно воспользоваться, только если открыть компьютер сейчас.</translation>
    </message>
    <message>
        <source>Add the time for later (no allowed hours are left today)</source>
        <translation>Добавить время на потом (сегодня разрешённых часов больше нет)</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Waiting for an answer</source>
        <translation>Ждут ответа</translation>
    </message>
    <message>
        <source>Answered in the last 7 days</source>
        <translation>Отвеченные за последние 7 дней</translation>
    </message>
    <message>
        <source>Approve from your phone</source>
        <translation>Ответ с телефона</translation>
    </message>
    <message>
        <source>Set up…</source>
        <translation>Настроить…</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>Выключить</translation>
    </message>
    <message>
        <source>In the authenticator app, add an account and scan this code. If the app cannot scan, type the key below it instead.</source>
        <translation>В приложении-аутентификаторе добавьте учётную запись и отсканируйте этот код. Если приложение не может сканировать, введите ключ, указанный под кодом.</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>QR-код для приложения-аутентификатора</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Подтвердить</translation>
    </message>
    <message>
        <source>&amp;Code the app shows now:</source>
        <translation>&amp;Код, который сейчас показывает приложение:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>One code gives &amp;at most:</source>
        <translation>Один код даёт &amp;не больше:</translation>
    </message>
    <message numerus="yes">
        <source>You can approve a request for more time even when you are not at this computer, with no internet and no account: set up any standard authenticator app on your phone once (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Yandex Key). When the child asks, they read out the request code; you read back the 6-digit code your app shows, and the child types it in. One code gives at most %n minutes, and only once.</source>
        <translation>
            <numerusform>Вы можете разрешить дополнительное время, даже когда вы не у этого компьютера, без интернета и без учётной записи: один раз настройте на телефоне любое стандартное приложение-аутентификатор (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Яндекс Ключ). Когда ребёнок просит, он называет код запроса; вы называете 6-значный код из приложения, и ребёнок вводит его. Один код даёт не больше %n минуты и действует один раз.</numerusform>
            <numerusform>Вы можете разрешить дополнительное время, даже когда вы не у этого компьютера, без интернета и без учётной записи: один раз настройте на телефоне любое стандартное приложение-аутентификатор (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Яндекс Ключ). Когда ребёнок просит, он называет код запроса; вы называете 6-значный код из приложения, и ребёнок вводит его. Один код даёт не больше %n минут и действует один раз.</numerusform>
            <numerusform>Вы можете разрешить дополнительное время, даже когда вы не у этого компьютера, без интернета и без учётной записи: один раз настройте на телефоне любое стандартное приложение-аутентификатор (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Яндекс Ключ). Когда ребёнок просит, он называет код запроса; вы называете 6-значный код из приложения, и ребёнок вводит его. Один код даёт не больше %n минут и действует один раз.</numerusform>
        </translation>
    </message>
    <message>
        <source>The requests could not be read: %1</source>
        <translation>Не удалось прочитать запросы: %1</translation>
    </message>
    <message>
        <source>No request is waiting.</source>
        <translation>Нет запросов, ждущих ответа.</translation>
    </message>
    <message>
        <source>No request was answered in the last 7 days.</source>
        <translation>За последние 7 дней запросов не было.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 · request code %2</source>
        <translation>%1 · код запроса %2</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«%1»</translation>
    </message>
    <message>
        <source>Block this site…</source>
        <translation>Заблокировать сайт…</translation>
    </message>
    <message>
        <source>Mark as seen…</source>
        <translation>Отметить как просмотренное…</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Разрешить…</translation>
    </message>
    <message>
        <source>Decline…</source>
        <translation>Отказать…</translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>Заблокировать…</translation>
    </message>
    <message>
        <source>Your message: “%1”</source>
        <translation>Ваше сообщение: «%1»</translation>
    </message>
    <message>
        <source>Whether a phone is set up is not known right now.</source>
        <translation>Сейчас неизвестно, настроен ли телефон.</translation>
    </message>
    <message>
        <source>On: codes from your phone&apos;s authenticator app are accepted.</source>
        <translation>Включено: коды из приложения-аутентификатора на телефоне принимаются.</translation>
    </message>
    <message>
        <source>Off: no phone is set up.</source>
        <translation>Выключено: телефон не настроен.</translation>
    </message>
    <message>
        <source>Set up again…</source>
        <translation>Настроить заново…</translation>
    </message>
    <message>
        <source>The QR code could not be drawn; type the key instead.</source>
        <translation>Не удалось нарисовать QR-код; введите ключ вручную.</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Ключ: %1</translation>
    </message>
    <message>
        <source>Type the 6 digits the app shows.</source>
        <translation>Введите 6 цифр, которые показывает приложение.</translation>
    </message>
    <message>
        <source>That code does not match. Check the time on your phone and try again.</source>
        <translation>Код не подходит. Проверьте время на телефоне и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Your phone is set up. Codes from its app now approve requests for time.</source>
        <translation>Телефон настроен. Коды из приложения теперь разрешают запросы времени.</translation>
    </message>
    <message>
        <source>Turn off approval by phone</source>
        <translation>Выключить ответ с телефона</translation>
    </message>
    <message>
        <source>Codes from your phone will no longer approve requests, and the app&apos;s entry stops working. To use it again you scan a new QR code. Turn it off?</source>
        <translation>Коды с телефона больше не будут разрешать запросы, а запись в приложении перестанет работать. Чтобы снова пользоваться, нужно будет отсканировать новый QR-код. Выключить?</translation>
    </message>
    <message>
        <source>Approval by phone is off.</source>
        <translation>Ответ с телефона выключен.</translation>
    </message>
</context>
<context>
    <name>AskAccessDialog</name>
    <message>
        <source>Guardian is not running right now, so this cannot be sent. Please ask a parent in person.</source>
        <translation>Guardian сейчас не работает, поэтому отправить не получается. Попроси родителя лично.</translation>
    </message>
    <message>
        <source>You have asked a lot in a short time. Please wait %1 and try again.</source>
        <translation>Ты попросил(а) много раз за короткое время. Подожди %1 и попробуй снова.</translation>
    </message>
    <message>
        <source>This could not be sent. Please try again, or ask a parent in person.</source>
        <translation>Отправить не получилось. Попробуй ещё раз или попроси родителя лично.</translation>
    </message>
    <message>
        <source>Ask for access</source>
        <translation>Попросить доступ</translation>
    </message>
    <message>
        <source>The site %1 did not open</source>
        <translation>Сайт %1 не открылся</translation>
    </message>
    <message>
        <source>%1 was closed</source>
        <translation>Приложение «%1» закрыто</translation>
    </message>
    <message>
        <source>Why do you need it? (you can leave this empty)</source>
        <translation>Зачем тебе это нужно? (можно не писать)</translation>
    </message>
    <message>
        <source>Message to your parent</source>
        <translation>Сообщение родителю</translation>
    </message>
    <message>
        <source>&amp;Message to your parent:</source>
        <translation>&amp;Сообщение родителю:</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Guardian cannot send a request for this app. Please ask a parent in person if you need it.</source>
        <translation>Guardian не может отправить просьбу об этом приложении. Если оно тебе нужно, попроси родителя лично.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>You can ask a parent to allow it. They will see your request and answer it in Guardian.</source>
        <translation>Можно попросить родителя разрешить это. Он увидит твою просьбу и ответит в Guardian.</translation>
    </message>
    <message>
        <source>Your request was sent</source>
        <translation>Просьба отправлена</translation>
    </message>
    <message>
        <source>Your request code:</source>
        <translation>Код твоей просьбы:</translation>
    </message>
    <message>
        <source>A parent will answer it. If they are not near, you can tell them this code. You will see the answer in My day.</source>
        <translation>Родитель ответит на неё. Если его нет рядом, можно назвать ему этот код. Ответ ты увидишь в «Моём дне».</translation>
    </message>
    <message>
        <source>Request code %1</source>
        <translation>Код просьбы %1</translation>
    </message>
</context>
<context>
    <name>ReportSiteDialog</name>
    <message>
        <source>Tell my parent about a site</source>
        <translation>Рассказать родителю о сайте</translation>
    </message>
    <message>
        <source>Did you see something on a site that upset you, scared you or felt wrong? You did the right thing telling us. It is not your fault, and you are not in trouble.</source>
        <translation>Ты увидел(а) на сайте что-то, что тебя расстроило, напугало или показалось неправильным? Ты правильно сделал(а), что рассказал(а) нам. Ты ни в чём не виноват(а), и тебя никто не будет ругать.</translation>
    </message>
    <message>
        <source>Your parent will see which site it was and can block it, so it does not happen again.</source>
        <translation>Родитель увидит, что это был за сайт, и сможет его заблокировать, чтобы такое не повторилось.</translation>
    </message>
    <message>
        <source>for example: example.com</source>
        <translation>например: example.com</translation>
    </message>
    <message>
        <source>Site address</source>
        <translation>Адрес сайта</translation>
    </message>
    <message>
        <source>&amp;Site address:</source>
        <translation>&amp;Адрес сайта:</translation>
    </message>
    <message>
        <source>The site: %1</source>
        <translation>Сайт: %1</translation>
    </message>
    <message>
        <source>What happened? (you can leave this empty)</source>
        <translation>Что случилось? (можно не писать)</translation>
    </message>
    <message>
        <source>Message to your parent</source>
        <translation>Сообщение родителю</translation>
    </message>
    <message>
        <source>&amp;Message to your parent:</source>
        <translation>&amp;Сообщение родителю:</translation>
    </message>
    <message>
        <source>Tell my parent</source>
        <translation>Рассказать родителю</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Tell your parent about a site</source>
        <translation>Расскажи родителю о сайте</translation>
    </message>
    <message>
        <source>Thank you for telling us</source>
        <translation>Спасибо, что рассказал(а)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>That does not look like a site&apos;s address. Write it like example.com, or paste the link from the browser&apos;s address bar.</source>
        <translation>Это не похоже на адрес сайта. Напиши его как example.com или вставь ссылку из адресной строки браузера.</translation>
    </message>
    <message>
        <source>Your parent will see that you told them about %1. You can close the site and do something else now.</source>
        <translation>Родитель увидит, что ты рассказал(а) о сайте %1. Теперь можно закрыть сайт и заняться чем-нибудь другим.</translation>
    </message>
</context>
</TS>
