<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>HoursCanvas</name>
    <message numerus="yes">
        <source>%1: allowed for %n min</source>
        <translation>
            <numerusform>%1: allowed for %n min</numerusform>
            <numerusform>%1: allowed for %n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message numerus="yes">
        <source>The screen locks in %n minute(s).</source>
        <translation>
            <numerusform>The screen locks in %n minute.</numerusform>
            <numerusform>The screen locks in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You will be logged out in %n minute(s).</source>
        <translation>
            <numerusform>You will be logged out in %n minute.</numerusform>
            <numerusform>You will be logged out in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer shuts down in %n minute(s).</source>
        <translation>
            <numerusform>The computer shuts down in %n minute.</numerusform>
            <numerusform>The computer shuts down in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer goes to sleep in %n minute(s).</source>
        <translation>
            <numerusform>The computer goes to sleep in %n minute.</numerusform>
            <numerusform>The computer goes to sleep in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Apps close in %n minute(s); always-allowed apps stay open.</source>
        <translation>
            <numerusform>Apps close in %n minute; always-allowed apps stay open.</numerusform>
            <numerusform>Apps close in %n minutes; always-allowed apps stay open.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) left for today; the app then closes.</source>
        <translation>
            <numerusform>%n minute left for today; the app then closes.</numerusform>
            <numerusform>%n minutes left for today; the app then closes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message numerus="yes">
        <source>Too many wrong passwords. Try again in %n s.</source>
        <translation>
            <numerusform>Too many wrong passwords. Try again in %n s.</numerusform>
            <numerusform>Too many wrong passwords. Try again in %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordPage</name>
    <message numerus="yes">
        <source>The password protects the settings. Choose one the child does not know, at least %n characters long.</source>
        <translation>
            <numerusform>The password protects the settings. Choose one the child does not know, at least %n character long.</numerusform>
            <numerusform>The password protects the settings. Choose one the child does not know, at least %n characters long.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecurityPage</name>
    <message numerus="yes">
        <source>Choose a password the child does not know, at least %n characters long.</source>
        <translation>
            <numerusform>Choose a password the child does not know, at least %n character long.</numerusform>
            <numerusform>Choose a password the child does not know, at least %n characters long.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>The password needs at least %n character.</numerusform>
            <numerusform>The password needs at least %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The screen will lock in %n s</source>
        <translation>
            <numerusform>The screen will lock in %n s</numerusform>
            <numerusform>The screen will lock in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You will be logged out in %n s</source>
        <translation>
            <numerusform>You will be logged out in %n s</numerusform>
            <numerusform>You will be logged out in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer will shut down in %n s</source>
        <translation>
            <numerusform>The computer will shut down in %n s</numerusform>
            <numerusform>The computer will shut down in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The computer will go to sleep in %n s</source>
        <translation>
            <numerusform>The computer will go to sleep in %n s</numerusform>
            <numerusform>The computer will go to sleep in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Apps will close in %n s</source>
        <translation>
            <numerusform>Apps will close in %n s</numerusform>
            <numerusform>Apps will close in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Time is up in %n s</source>
        <translation>
            <numerusform>Time is up in %n s</numerusform>
            <numerusform>Time is up in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Weekly summaries could not be sent through the mail server %1; %n message(s) wait and are sent when it works.</source>
        <translation>
            <numerusform>Weekly summaries could not be sent through the mail server %1; %n message waits and is sent when it works.</numerusform>
            <numerusform>Weekly summaries could not be sent through the mail server %1; %n messages wait and are sent when it works.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message numerus="yes">
        <source>%nh</source>
        <comment>hours, as short as possible</comment>
        <translation>
            <numerusform>%nh</numerusform>
            <numerusform>%nh</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActivityWindow</name>
    <message numerus="yes">
        <source>Saved %n file(s) in %1: %2</source>
        <translation>
            <numerusform>Saved %n file in %1: %2</numerusform>
            <numerusform>Saved %n files in %1: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message numerus="yes">
        <source>You can approve a request for more time even when you are not at this computer, with no internet and no account: set up any standard authenticator app on your phone once (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Yandex Key). When the child asks, they read out the request code; you read back the 6-digit code your app shows, and the child types it in. One code gives at most %n minutes, and only once.</source>
        <translation>
            <numerusform>You can approve a request for more time even when you are not at this computer, with no internet and no account: set up any standard authenticator app on your phone once (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Yandex Key). When the child asks, they read out the request code; you read back the 6-digit code your app shows, and the child types it in. One code gives at most %n minute, and only once.</numerusform>
            <numerusform>You can approve a request for more time even when you are not at this computer, with no internet and no account: set up any standard authenticator app on your phone once (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP, Yandex Key). When the child asks, they read out the request code; you read back the 6-digit code your app shows, and the child types it in. One code gives at most %n minutes, and only once.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestTexts</name>
    <message numerus="yes">
        <source>%n more minutes</source>
        <translation>
            <numerusform>%n more minute</numerusform>
            <numerusform>%n more minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 asks for %n more minutes</source>
        <translation>
            <numerusform>%1 asks for %n more minute</numerusform>
            <numerusform>%1 asks for %n more minutes</numerusform>
        </translation>
    </message>
</context>
</TS>
